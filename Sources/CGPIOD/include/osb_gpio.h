/*
 * osb_gpio: one small GPIO API for OpenSpace Board over both generations of libgpiod.
 *
 * Debian bookworm ships libgpiod 1.6 (line objects owned by the chip, gpiod_line_request_*),
 * trixie ships 2.x (line settings, line config, request config, line request, edge event
 * buffer). The API below is the same for both; osb_gpio.c picks the implementation at compile
 * time from the <gpiod.h> it is compiled against:
 *
 *   - libgpiod 1.x's gpiod.h defines the macro GPIOD_LINE_BULK_MAX_LINES (the line bulk type
 *     was removed in 2.0), so `#ifdef GPIOD_LINE_BULK_MAX_LINES` selects the 1.x code;
 *   - otherwise the 2.x code is compiled (gpiod_request_config, gpiod_line_request, ...).
 *
 * The answer is visible at run time through osb_gpio_api_generation(). SwiftPM compiles this
 * target against the system's /usr/include/gpiod.h and links -lgpiod; hardware/gpiod2/build.sh
 * compiles the same osb_gpio.c against libgpiod 2.x to keep the other path honest.
 *
 * Conventions: every function that can fail returns 0 on success or a positive errno value
 * (ENOENT, EBUSY, EACCES, ...) so the caller can name the problem and its fix. Handles are
 * not thread-safe: the caller serialises calls on one handle. A line must be released before
 * the chip it was requested from is closed (libgpiod 1.x frees a chip's lines with the chip).
 */
#ifndef OSB_GPIO_H
#define OSB_GPIO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An open GPIO chip (/dev/gpiochipN). */
typedef struct osb_gpio_chip osb_gpio_chip;

/** One requested line, held until osb_gpio_line_release. */
typedef struct osb_gpio_line osb_gpio_line;

/** The libgpiod generation this shim was compiled against: 1 or 2. */
int osb_gpio_api_generation(void);

/** The version string of the libgpiod linked in, e.g. "1.6.3" or "2.1.2". */
const char *osb_gpio_library_version(void);

/** Opens the chip at `path` (e.g. "/dev/gpiochip0"). ENOENT: no such file; ENOTTY/ENODEV: not a GPIO chip. */
int osb_gpio_chip_open(const char *path, osb_gpio_chip **chip);

/**
 * Opens the first chip, in /dev order, whose label is `label` (e.g. "pinctrl-bcm2711").
 * ENOENT: no chip has that label; EACCES: no readable chip has it but some chip could not be
 * opened, so the wanted one may be among those.
 */
int osb_gpio_chip_open_by_label(const char *label, osb_gpio_chip **chip);

/** Closes the chip; its lines must have been released before. NULL is ignored. */
void osb_gpio_chip_close(osb_gpio_chip *chip);

/** The path the chip was opened from. */
const char *osb_gpio_chip_path(const osb_gpio_chip *chip);

/** The kernel's name of the chip, e.g. "gpiochip0". */
const char *osb_gpio_chip_name(const osb_gpio_chip *chip);

/** The chip's label, e.g. "pinctrl-rp1" or "gpio-sim.0-node0". */
const char *osb_gpio_chip_label(const osb_gpio_chip *chip);

/** How many lines the chip has; offsets run from 0 to this minus one. */
unsigned int osb_gpio_chip_num_lines(const osb_gpio_chip *chip);

/** Finds the offset of the line named `name` on this chip. ENOENT: no line has that name. */
int osb_gpio_chip_find_line(osb_gpio_chip *chip, const char *name, unsigned int *offset);

/**
 * Copies the consumer currently holding line `offset` into `buffer` (empty when the line is
 * free or the kernel gives no name), so a "line busy" message can say who holds it.
 */
int osb_gpio_chip_line_consumer(osb_gpio_chip *chip, unsigned int offset, char *buffer, size_t size);

/**
 * What gpioinfo shows for line `offset`: whether it is in use (`used`: 1 when a process or a
 * driver holds it, hogs included), its name and its consumer (empty when the kernel gives none),
 * read afresh from the kernel. EINVAL: no such offset.
 */
int osb_gpio_chip_line_info(osb_gpio_chip *chip, unsigned int offset, int *used, char *name, size_t name_size,
                            char *consumer, size_t consumer_size);

/**
 * Requests line `offset` as a push-pull output driven to `initial` (0 or 1) from the moment
 * of the request, for `consumer`. EBUSY: another process or driver holds the line; EINVAL:
 * no such offset.
 */
int osb_gpio_request_output(osb_gpio_chip *chip, unsigned int offset, const char *consumer, int initial,
                            osb_gpio_line **line);

/**
 * Requests line `offset` as an input with edge detection on both edges, bias left as it is
 * (the board's wiring or the device tree decides). Edges are queued by the kernel from the
 * moment of the request, so none is lost between a read and a wait.
 */
int osb_gpio_request_input(osb_gpio_chip *chip, unsigned int offset, const char *consumer, osb_gpio_line **line);

/** Drives an output line to `value` (0 or 1). */
int osb_gpio_line_set(osb_gpio_line *line, int value);

/** Reads the line's level into `value` (0 or 1). */
int osb_gpio_line_get(osb_gpio_line *line, int *value);

/**
 * Waits at most `timeout_ns` nanoseconds (negative: without limit) for an edge on an input
 * line, then reads and discards the queued events: the caller re-reads the level, which is
 * the only thing it needs. `events` receives how many were discarded, 0 on timeout.
 */
int osb_gpio_line_wait_edge(osb_gpio_line *line, int64_t timeout_ns, int *events);

/** Releases the line back to the kernel and frees the handle. NULL is ignored. */
void osb_gpio_line_release(osb_gpio_line *line);

#ifdef __cplusplus
}
#endif

#endif
