import Foundation

/// Who runs a check, or who the service runs as: what decides access to a device file.
public struct UserIdentity: Sendable, Equatable {
    public var name: String
    public var uid: UInt32
    /// The primary group and every supplementary group.
    public var groups: Set<UInt32>

    public init(name: String, uid: UInt32, groups: Set<UInt32>) {
        self.name = name
        self.uid = uid
        self.groups = groups
    }

    public var isRoot: Bool { uid == 0 }

    /// The process's effective user and groups, named from the root's /etc/passwd.
    public static func current(accounts: UserAccounts) -> UserIdentity {
        let uid = geteuid()
        var groups: Set<UInt32> = [getegid()]
        let count = getgroups(0, nil)
        if count > 0 {
            var list = [gid_t](repeating: 0, count: Int(count))
            let filled = getgroups(count, &list)
            if filled > 0 { groups.formUnion(list.prefix(Int(filled))) }
        }
        return UserIdentity(name: accounts.userName(uid) ?? "uid \(uid)", uid: uid, groups: groups)
    }
}

/// The users and groups of /etc/passwd and /etc/group, read from a root folder.
public struct UserAccounts: Sendable, Equatable {
    public struct User: Sendable, Equatable {
        public var name: String
        public var uid: UInt32
        public var gid: UInt32
    }

    public struct Group: Sendable, Equatable {
        public var name: String
        public var gid: UInt32
        public var members: [String]
    }

    public var users: [User]
    public var groups: [Group]

    public init(users: [User], groups: [Group]) {
        self.users = users
        self.groups = groups
    }

    public init(root: SystemRoot) {
        users = (root.text("/etc/passwd") ?? "").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 4, let uid = UInt32(fields[2]), let gid = UInt32(fields[3]) else { return nil }
            return User(name: String(fields[0]), uid: uid, gid: gid)
        }
        groups = (root.text("/etc/group") ?? "").split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 4, let gid = UInt32(fields[2]) else { return nil }
            let members = fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            return Group(name: String(fields[0]), gid: gid, members: members)
        }
    }

    public func userName(_ uid: UInt32) -> String? { users.first { $0.uid == uid }?.name }
    public func groupName(_ gid: UInt32) -> String? { groups.first { $0.gid == gid }?.name }

    /// The user `name` with its primary group and the groups that list it; nil when there is none.
    public func identity(of name: String) -> UserIdentity? {
        guard let user = users.first(where: { $0.name == name }) else { return nil }
        var gids: Set<UInt32> = [user.gid]
        for group in groups where group.members.contains(name) { gids.insert(group.gid) }
        return UserIdentity(name: name, uid: user.uid, groups: gids)
    }
}

/// A file's owner, group and permission bits, as `ls -l` shows them.
public struct FileOwnership: Sendable, Equatable {
    public var uid: UInt32
    public var gid: UInt32
    /// The permission bits (0o660).
    public var mode: UInt32

    public init(uid: UInt32, gid: UInt32, mode: UInt32) {
        self.uid = uid
        self.gid = gid
        self.mode = mode & 0o7777
    }

    /// stat(2) of `path`; nil when it does not exist.
    public static func of(_ path: String) -> FileOwnership? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        return FileOwnership(uid: status.st_uid, gid: status.st_gid, mode: UInt32(status.st_mode))
    }

    /// Whether `user` may read and write the file: the owner's bits for the owner, else the group's
    /// for a member of its group, else the others' (the first class that applies decides, as in
    /// the kernel); root always may.
    public func allowsReadWrite(by user: UserIdentity) -> Bool {
        if user.isRoot { return true }
        let bits: UInt32 =
            if user.uid == uid { mode >> 6 } else if user.groups.contains(gid) { mode >> 3 } else { mode }
        return bits & 0o6 == 0o6
    }

    /// `rw-rw---- root:openspace`, names from `accounts`.
    public func description(accounts: UserAccounts) -> String {
        let letters = ["r", "w", "x"]
        var text = ""
        for shift in [6, 3, 0] {
            for (index, letter) in letters.enumerated() {
                text += mode >> UInt32(shift + 2 - index) & 1 == 1 ? letter : "-"
            }
        }
        let owner = accounts.userName(uid) ?? "\(uid)"
        let group = accounts.groupName(gid) ?? "\(gid)"
        return "\(text) \(owner):\(group)"
    }
}
