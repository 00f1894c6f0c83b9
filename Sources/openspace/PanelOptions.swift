import ArgumentParser

/// Command-line overrides of the panel's settings (`panel.*` and `feedback.*` in board.yaml).
struct PanelOptions: ParsableArguments {
    @Option(
        help:
            "The GPIO chip: a label (pinctrl-bcm2835, pinctrl-bcm2711, pinctrl-rp1) or a /dev/gpiochipN path; found by label when left out (panel.gpio_chip)."
    )
    var gpioChip: String?

    @Option(help: "The panel's SPI device (panel.spi_device; default /dev/spidev0.0).")
    var spi: String?

    @Option(help: "The SPI clock in Hz (panel.spi_speed; 4 MHz by default, at most 20 MHz).")
    var spiSpeed: Int?

    @Option(help: "The panel's RST line: a BCM offset or a line name (panel.pins.rst; default 17).")
    var pinRst: String?

    @Option(help: "The panel's DC line: a BCM offset or a line name (panel.pins.dc; default 25).")
    var pinDc: String?

    @Option(help: "The panel's BUSY line: a BCM offset or a line name (panel.pins.busy; default 24).")
    var pinBusy: String?

    @Option(help: "The HAT's PWR line (rev 2.3), or 'none' for a HAT without one (panel.pins.pwr; default 18).")
    var pinPwr: String?

    @Option(help: "A buzzer for the accept and reject tones: a BCM offset or a line name (feedback.buzzer).")
    var pinBuzzer: String?

    @Option(help: "An LED lit with the tones: a BCM offset or a line name (feedback.led).")
    var pinLed: String?

    @Option(help: "Seconds to wait for the panel's BUSY line before resetting it (panel.busy_timeout; default 10).")
    var busyTimeout: Double?

    @Option(help: "Trace mode: write every GPIO write, SPI transfer and BUSY wait to this file (panel.trace).")
    var trace: String?

    @Option(
        help:
            "The simulated panel's speed: realistic (the real panel's refresh times, the default) or instant (panel.timing)."
    )
    var panelTiming: String?

    var overrides: [(key: String, value: String?, option: String)] {
        [
            ("panel.gpio_chip", gpioChip, "--gpio-chip"), ("panel.spi_device", spi, "--spi"),
            ("panel.spi_speed", spiSpeed.map(String.init), "--spi-speed"), ("panel.pins.rst", pinRst, "--pin-rst"),
            ("panel.pins.dc", pinDc, "--pin-dc"), ("panel.pins.busy", pinBusy, "--pin-busy"),
            ("panel.pins.pwr", pinPwr, "--pin-pwr"), ("feedback.buzzer", pinBuzzer, "--pin-buzzer"),
            ("feedback.led", pinLed, "--pin-led"),
            ("panel.busy_timeout", busyTimeout.map { "\($0)" }, "--busy-timeout"),
            ("panel.trace", trace, "--trace"), ("panel.timing", panelTiming, "--panel-timing"),
        ]
    }
}
