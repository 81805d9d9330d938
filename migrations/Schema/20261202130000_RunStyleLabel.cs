using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Schema
{
    /// <summary>
    /// Runs carry their style label ("cot", "cot+sc5"). Existing runs get the label the web app used to rebuild from
    /// the style row: its name when that already names the vote, else the name with "+scK" when its parameters hold
    /// more than one sample.
    /// </summary>
    public partial class RunStyleLabel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "StyleLabel",
                table: "Runs",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.Sql("""
                UPDATE "Runs" AS r
                SET "StyleLabel" = LEFT(CASE
                    WHEN s."Name" LIKE '%+sc%' THEN s."Name"
                    WHEN COALESCE(s."ParametersJson"::jsonb ->> 'samples', s."ParametersJson"::jsonb ->> 'Samples') ~ '^[0-9]+$'
                         AND COALESCE(s."ParametersJson"::jsonb ->> 'samples', s."ParametersJson"::jsonb ->> 'Samples')::int > 1
                        THEN s."Name" || '+sc' || COALESCE(s."ParametersJson"::jsonb ->> 'samples', s."ParametersJson"::jsonb ->> 'Samples')
                    ELSE s."Name"
                END, 100)
                FROM "Styles" AS s
                WHERE s."Id" = r."StyleId";
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "StyleLabel", table: "Runs");
        }
    }
}
