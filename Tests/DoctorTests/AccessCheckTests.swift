import Doctor
import XCTest

final class AccessCheckTests: XCTestCase {
    let chip = ChipListing(path: "/dev/gpiochip0", label: "pinctrl-bcm2711", lineCount: 58)

    func tree() throws -> FakeTree {
        let tree = try FakeTree()
        try tree.write("/dev/spidev0.0")
        try tree.write(
            "/etc/passwd",
            "root:x:0:0:root:/root:/bin/bash\nopenspace:x:998:998::/var/lib/openspace:/usr/sbin/nologin\npi:x:1000:1000::/home/pi:/bin/bash\n"
        )
        try tree.write("/etc/group", "root:x:0:\ngpio:x:997:pi\nopenspace:x:998:\nspi:x:999:pi,openspace\npi:x:1000:\n")
        return tree
    }

    func testUserWhoCannotOpenTheDevicesIsToldToInstallTheRules() throws {
        let tree = try tree()
        var environment = DoctorEnvironment.fake(tree, user: piUser)
        environment.access = { path, _ in path != "/dev/spidev0.0" }
        environment.ownership = { _ in FileOwnership(uid: 0, gid: 0, mode: 0o600) }
        let results = PanelChecks(config: try exampleConfig(), environment: environment).deviceAccess(chip: chip)
        let result = try finding("access", in: results)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(result.detail, "pi cannot read and write /dev/spidev0.0 (rw------- root:root)")
        XCTAssertTrue(result.fix?.contains("udev/99-openspace.rules") ?? false, "\(result)")
        XCTAssertTrue(result.fix?.contains("sudo usermod -aG openspace pi") ?? false, "\(result)")
    }

    func testRootAlsoChecksTheServiceUserByOwnerGroupAndMode() throws {
        let tree = try tree()
        var environment = DoctorEnvironment.fake(tree)
        environment.ownership = { path in
            path == "/dev/spidev0.0"
                ? FileOwnership(uid: 0, gid: 999, mode: 0o660) : FileOwnership(uid: 0, gid: 997, mode: 0o660)
        }
        let results = PanelChecks(config: try exampleConfig(), environment: environment).deviceAccess(chip: chip)
        let result = try finding("access", in: results)
        XCTAssertEqual(result.status, .blocking)
        XCTAssertEqual(
            result.detail,
            "the service user openspace (groups openspace, spi) cannot read and write /dev/gpiochip0 (rw-rw---- root:gpio)"
        )
    }

    func testRootAndTheServiceUserWithTheRulesInstalledAreOK() throws {
        let tree = try tree()
        var environment = DoctorEnvironment.fake(tree)
        environment.ownership = { _ in FileOwnership(uid: 0, gid: 998, mode: 0o660) }
        let results = PanelChecks(config: try exampleConfig(), environment: environment).deviceAccess(chip: chip)
        XCTAssertEqual(
            results,
            [
                CheckResult(
                    .ok, "access",
                    "root and the service user openspace can read and write /dev/gpiochip0 and /dev/spidev0.0")
            ])
    }

    func testPermissionBitsOfTheFirstMatchingClassDecide() {
        let user = UserIdentity(name: "openspace", uid: 998, groups: [998])
        XCTAssertTrue(FileOwnership(uid: 0, gid: 998, mode: 0o660).allowsReadWrite(by: user))
        XCTAssertFalse(FileOwnership(uid: 0, gid: 998, mode: 0o640).allowsReadWrite(by: user))
        XCTAssertFalse(FileOwnership(uid: 998, gid: 998, mode: 0o066).allowsReadWrite(by: user), "owner bits decide")
        XCTAssertTrue(FileOwnership(uid: 0, gid: 0, mode: 0o666).allowsReadWrite(by: user))
        XCTAssertTrue(FileOwnership(uid: 0, gid: 0, mode: 0o600).allowsReadWrite(by: rootUser))
    }

    func testAccountsGiveTheServiceUserItsPrimaryAndListedGroups() throws {
        let tree = try tree()
        let accounts = UserAccounts(root: tree.root)
        XCTAssertEqual(
            accounts.identity(of: "openspace"), UserIdentity(name: "openspace", uid: 998, groups: [998, 999]))
        XCTAssertNil(accounts.identity(of: "nobody-here"))
    }
}
