/// A pointer to one of the shim's C objects (an `osb_gpio_chip` or `osb_gpio_line`), so it can
/// sit inside a `Mutex`.
///
/// `@unchecked Sendable` is sound because of how the three owners use it: each handle belongs to
/// exactly one `GPIOChip`, `GPIOOutput` or `GPIOInput`, is created before that object exists,
/// is only passed to C while the owner's mutex is held, and is freed in the owner's `deinit`,
/// when no other thread can reach the owner any more.
struct GPIOHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
