using System.ComponentModel.DataAnnotations;

namespace Campaign.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    [EnumDataType(typeof(DatabaseProvider), ErrorMessage = "Database:Provider must be 'Sqlite' or 'PostgreSql'.")]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
