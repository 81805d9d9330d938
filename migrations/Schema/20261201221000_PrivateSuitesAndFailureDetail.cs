using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Schema
{
    /// <inheritdoc />
    public partial class PrivateSuitesAndFailureDetail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "IsPrivate",
                table: "Suites",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "FailureDetail",
                table: "Runs",
                type: "text",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IsPrivate",
                table: "Suites");

            migrationBuilder.DropColumn(
                name: "FailureDetail",
                table: "Runs");
        }
    }
}
