using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Schema version 9: the media library's folders and files (images and PDF documents).</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261123000009_MediaLibrary")]
public sealed class MediaLibrary : Migration
{
    protected override void Up(MigrationBuilder migration)
    {
        migration.CreateTable(
            name: "MediaFolders",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Name = table.Column<string>(maxLength: 100, nullable: false),
                ParentId = table.Column<Guid>(nullable: true),
            },
            constraints: table => table.PrimaryKey("PK_MediaFolders", x => x.Id));
        migration.CreateIndex("IX_MediaFolders_ParentId", "MediaFolders", "ParentId");

        migration.CreateTable(
            name: "MediaItems",
            columns: table => new
            {
                Id = table.Column<Guid>(nullable: false),
                Kind = table.Column<int>(nullable: false),
                FolderId = table.Column<Guid>(nullable: true),
                FileName = table.Column<string>(maxLength: 200, nullable: false),
                AltText = table.Column<string>(maxLength: 300, nullable: true),
                Caption = table.Column<string>(maxLength: 500, nullable: true),
                FocalX = table.Column<double>(nullable: false),
                FocalY = table.Column<double>(nullable: false),
                Width = table.Column<int>(nullable: true),
                Height = table.Column<int>(nullable: true),
                ContentType = table.Column<string>(maxLength: 100, nullable: false),
                Size = table.Column<long>(nullable: false),
                UploadedBy = table.Column<string>(maxLength: 256, nullable: false),
                UploadedAt = table.Column<DateTime>(nullable: false),
                Revision = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_MediaItems", x => x.Id));
        migration.CreateIndex("IX_MediaItems_FolderId_UploadedAt", "MediaItems", ["FolderId", "UploadedAt"]);
    }

    protected override void Down(MigrationBuilder migration)
    {
        migration.DropTable("MediaItems");
        migration.DropTable("MediaFolders");
    }
}
