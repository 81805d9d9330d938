using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Platform.Migrations.Schema
{
    /// <inheritdoc />
    public partial class IdempotencyReservationsPerPrincipal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows without an API key belonged to a scope every signed-in user shared (and held new API keys' secrets
            // in plain text); which user made them is unknown, so they are dropped rather than guessed.
            migrationBuilder.Sql("DELETE FROM \"IdempotencyRecords\" WHERE \"ApiKeyId\" IS NULL;");

            migrationBuilder.DropIndex(
                name: "IX_IdempotencyRecords_ApiKeyId_Key",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<int>(
                name: "ResponseStatusCode",
                table: "IdempotencyRecords",
                type: "integer",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "integer");

            migrationBuilder.AddColumn<bool>(
                name: "SecretWithheld",
                table: "IdempotencyRecords",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<long>(
                name: "UserId",
                table: "IdempotencyRecords",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_ApiKeyId_UserId_Key",
                table: "IdempotencyRecords",
                columns: new[] { "ApiKeyId", "UserId", "Key" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_UserId",
                table: "IdempotencyRecords",
                column: "UserId");

            migrationBuilder.AddCheckConstraint(
                name: "CK_IdempotencyRecords_OnePrincipal",
                table: "IdempotencyRecords",
                sql: "(\"ApiKeyId\" IS NULL) <> (\"UserId\" IS NULL)");

            migrationBuilder.AddForeignKey(
                name: "FK_IdempotencyRecords_Users_UserId",
                table: "IdempotencyRecords",
                column: "UserId",
                principalTable: "Users",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM \"IdempotencyRecords\" WHERE \"UserId\" IS NOT NULL OR \"ResponseStatusCode\" IS NULL;");

            migrationBuilder.DropForeignKey(
                name: "FK_IdempotencyRecords_Users_UserId",
                table: "IdempotencyRecords");

            migrationBuilder.DropCheckConstraint(
                name: "CK_IdempotencyRecords_OnePrincipal",
                table: "IdempotencyRecords");

            migrationBuilder.DropIndex(
                name: "IX_IdempotencyRecords_ApiKeyId_UserId_Key",
                table: "IdempotencyRecords");

            migrationBuilder.DropIndex(
                name: "IX_IdempotencyRecords_UserId",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "SecretWithheld",
                table: "IdempotencyRecords");

            migrationBuilder.DropColumn(
                name: "UserId",
                table: "IdempotencyRecords");

            migrationBuilder.AlterColumn<int>(
                name: "ResponseStatusCode",
                table: "IdempotencyRecords",
                type: "integer",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "integer",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_IdempotencyRecords_ApiKeyId_Key",
                table: "IdempotencyRecords",
                columns: new[] { "ApiKeyId", "Key" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);
        }
    }
}
