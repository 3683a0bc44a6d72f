using System.Runtime.InteropServices;

namespace Campaign.Web.Features.Media;

/// <summary>
/// Keeps libvips from loading its optional modules. Debian's and Ubuntu's libvips load every module in
/// vips-modules-8.x during vips_init, into the global symbol namespace; the OpenSlide module brings the
/// system libsqlite3 with it, after which the app's own SQLite (e_sqlite3) binds to the wrong library
/// and the process dies with SIGSEGV at its next query. JPEG, PNG and WebP are built into libvips
/// itself; the modules only add HEIF, JPEG XL, ImageMagick, PDF and OpenSlide, which uploads never need.
/// </summary>
public static class LibvipsModules
{
    /// <summary>
    /// Points VIPSHOME, where libvips looks for its modules, at a folder without any. libvips reads it
    /// once, when NetVips is first touched, so this must run before that: AddMedia calls it while the
    /// app is being built. A VIPSHOME set by the operator is left alone.
    /// </summary>
    public static void KeepOut()
    {
        if (OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("VIPSHOME") is null)
        {
            // Environment.SetEnvironmentVariable only changes .NET's own copy; libvips calls getenv.
            _ = SetEnv("VIPSHOME", Path.Combine(AppContext.BaseDirectory, "no-vips-modules"), overwrite: 0);
        }
    }

    /// <summary>True when libvips has loaded modules anyway, because it started before <see cref="KeepOut"/> ran.</summary>
    internal static bool Loaded() =>
        OperatingSystem.IsLinux() && File.Exists("/proc/self/maps")
        && File.ReadAllText("/proc/self/maps").Contains("/vips-modules-", StringComparison.Ordinal);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int SetEnv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
