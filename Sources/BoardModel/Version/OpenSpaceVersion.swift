/// The release this build is: shown by `openspace --version`, on the boot screen, and used as the
/// Debian package's version (`make deb`).
public enum OpenSpaceVersion {
    public static let current = "0.6.0"
}
