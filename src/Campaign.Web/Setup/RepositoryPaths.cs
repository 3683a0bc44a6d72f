namespace Campaign.Web.Setup;

/// <summary>
/// Finds the folders that live at the top of the repository (wwwroot, uSync): next to the binaries
/// when published, otherwise by walking up from the working directory to the folder holding Campaign.sln.
/// </summary>
public static class RepositoryPaths
{
    public static string Find(string folder)
    {
        var published = Path.Combine(AppContext.BaseDirectory, folder);
        if (Directory.Exists(published))
        {
            return published;
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Campaign.sln")))
                {
                    return Path.Combine(dir.FullName, folder);
                }
            }
        }

        return published;
    }
}
