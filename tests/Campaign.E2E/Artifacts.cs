namespace Campaign.E2E;

/// <summary>Where browser tests leave screenshots for people to look at: artifacts/screenshots/ at the repository root.</summary>
public static class Artifacts
{
    public static string Screenshots { get; } = CreateScreenshotFolder();

    public static string Screenshot(string name) => Path.Combine(Screenshots, name + ".png");

    private static string CreateScreenshotFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Campaign.sln")))
        {
            dir = dir.Parent;
        }

        var root = dir?.FullName ?? throw new InvalidOperationException($"No Campaign.sln above {AppContext.BaseDirectory}.");
        var folder = Path.Combine(root, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return folder;
    }
}
