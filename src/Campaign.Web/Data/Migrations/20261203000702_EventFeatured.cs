using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Campaign.Web.Data.Migrations;

/// <summary>Editors can feature an event (the main march, the week-45 meals); existing events are not featured.</summary>
[DbContext(typeof(CampaignDb))]
[Migration("20261203000702_EventFeatured")]
public sealed class EventFeatured : Migration
{
    protected override void Up(MigrationBuilder migration) =>
        migration.AddColumn<bool>("IsFeatured", "Events", nullable: false, defaultValue: false);

    protected override void Down(MigrationBuilder migration) =>
        migration.DropColumn("IsFeatured", "Events");
}
