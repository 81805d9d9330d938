using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Schema
{
    /// <inheritdoc />
    public partial class RunChatTemplatePath : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ChatTemplateFallbackItems",
                table: "Runs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ChatTemplatePath",
                table: "Runs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ChatTemplateSha256",
                table: "Runs",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "PromptDate",
                table: "Runs",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(name: "ChatTemplateFallbackItems", table: "Runs");
            migrationBuilder.DropColumn(name: "ChatTemplatePath", table: "Runs");
            migrationBuilder.DropColumn(name: "ChatTemplateSha256", table: "Runs");
            migrationBuilder.DropColumn(name: "PromptDate", table: "Runs");
        }
    }
}
