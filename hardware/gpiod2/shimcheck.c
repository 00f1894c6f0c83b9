/*
 * shimcheck: exercises Sources/CGPIOD/osb_gpio.c, the GPIO shim, through its C API, with the
 * libgpiod it was compiled against (build.sh builds it against libgpiod 2.x and against the
 * system's libgpiod). Prints one PASS or FAIL line per check and exits 0 only if all passed.
 *
 *   shimcheck errors
 *       Error paths that need no GPIO chip: a label no chip has, a missing path, a file that is
 *       not a GPIO chip, missing arguments. Runs on any machine.
 *
 *   shimcheck lines LABEL OUT IN [--sim DIR] [--name NAME=OFFSET]
 *       Real lines on the chip labelled LABEL: OUT is requested as an output, IN as an input with
 *       edge detection. With --sim DIR (a gpio-sim chip's sysfs folder, for example
 *       /sys/devices/platform/gpio-sim.0/gpiochip0) the check also reads what the simulated
 *       board sees on OUT (sim_gpioOUT/value) and drives IN through sim_gpioIN/pull to prove that
 *       edges wake the wait. With --name, it checks that the line NAME is found at OFFSET.
 */
#define _POSIX_C_SOURCE 200809L

#include "osb_gpio.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CONSUMER "osb-shimcheck"

static int passed;
static int failed;

static void check(int ok, const char *format, ...) {
    va_list arguments;
    va_start(arguments, format);
    printf("%s ", ok ? "PASS" : "FAIL");
    vprintf(format, arguments);
    printf("\n");
    va_end(arguments);
    fflush(stdout);
    if (ok)
        passed++;
    else
        failed++;
}

static const char *describe(int error) { return error == 0 ? "success" : strerror(error); }

static double now_ms(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (double)time.tv_sec * 1000.0 + (double)time.tv_nsec / 1e6;
}

static int finish(void) {
    if (failed == 0)
        printf("shimcheck: all %d checks passed\n", passed);
    else
        printf("shimcheck: %d of %d checks failed\n", failed, passed + failed);
    return failed == 0 ? 0 : 1;
}

static void report_library(void) {
    printf("INFO shim compiled against libgpiod generation %d, library version %s\n", osb_gpio_api_generation(),
           osb_gpio_library_version());
#ifdef OSB_EXPECT_GENERATION
    check(osb_gpio_api_generation() == OSB_EXPECT_GENERATION, "the shim selected the libgpiod %d.x code path",
          OSB_EXPECT_GENERATION);
#endif
}

static int run_errors(void) {
    report_library();

    osb_gpio_chip *chip = NULL;
    int error = osb_gpio_chip_open_by_label("osb-no-such-chip", &chip);
    /* EACCES is also right where unreadable chips exist: the label may be on one of them. */
    check((error == ENOENT || error == EACCES) && chip == NULL,
          "open by label \"osb-no-such-chip\" fails cleanly: %s", describe(error));

    error = osb_gpio_chip_open("/dev/gpiochip-osb-missing", &chip);
    check(error == ENOENT && chip == NULL, "open /dev/gpiochip-osb-missing fails with ENOENT: %s", describe(error));

    error = osb_gpio_chip_open("/dev/null", &chip);
    check((error == ENOTTY || error == ENODEV) && chip == NULL,
          "open /dev/null is refused as not a GPIO chip: %s", describe(error));

    error = osb_gpio_chip_open_by_label(NULL, &chip);
    check(error == EINVAL && chip == NULL, "open by a NULL label is EINVAL: %s", describe(error));

    error = osb_gpio_request_output(NULL, 0, CONSUMER, 0, NULL);
    check(error == EINVAL, "request on no chip is EINVAL: %s", describe(error));

    osb_gpio_chip_close(NULL);
    osb_gpio_line_release(NULL);
    check(1, "close and release accept NULL");
    return finish();
}

static int read_sim_value(const char *sim, unsigned int offset) {
    char path[512];
    snprintf(path, sizeof path, "%s/sim_gpio%u/value", sim, offset);
    FILE *file = fopen(path, "r");
    if (file == NULL) return -1;
    int value = -1;
    if (fscanf(file, "%d", &value) != 1) value = -1;
    fclose(file);
    return value;
}

static int write_sim_pull(const char *sim, unsigned int offset, const char *pull) {
    char path[512];
    snprintf(path, sizeof path, "%s/sim_gpio%u/pull", sim, offset);
    FILE *file = fopen(path, "w");
    if (file == NULL) return errno;
    int ok = fputs(pull, file) >= 0;
    return fclose(file) == 0 && ok ? 0 : EIO;
}

/* Waits for an edge after the simulated board pulls IN to `pull`, and checks the new level. */
static void drive_input(osb_gpio_line *input, const char *sim, unsigned int offset, const char *pull, int level) {
    int error = write_sim_pull(sim, offset, pull);
    check(error == 0, "simulated board sets %s on line %u: %s", pull, offset, describe(error));
    int events = 0;
    double start = now_ms();
    error = osb_gpio_line_wait_edge(input, 1000000000LL, &events);
    check(error == 0 && events >= 1, "wait wakes on the edge after %.1f ms (%d event(s)): %s", now_ms() - start,
          events, describe(error));
    int value = -1;
    error = osb_gpio_line_get(input, &value);
    check(error == 0 && value == level, "line %u reads %d after %s (read %d): %s", offset, level, pull, value,
          describe(error));
}

static int run_lines(const char *label, unsigned int out, unsigned int in, const char *sim, const char *name,
                     unsigned int named_offset) {
    report_library();

    osb_gpio_chip *chip = NULL;
    int error = osb_gpio_chip_open_by_label(label, &chip);
    check(error == 0, "open chip labelled \"%s\": %s", label, describe(error));
    if (error != 0) return finish();
    printf("INFO %s is %s [%s], %u lines\n", osb_gpio_chip_path(chip), osb_gpio_chip_name(chip),
           osb_gpio_chip_label(chip), osb_gpio_chip_num_lines(chip));

    if (name != NULL) {
        unsigned int offset = 0;
        error = osb_gpio_chip_find_line(chip, name, &offset);
        check(error == 0 && offset == named_offset, "line \"%s\" is found at offset %u (found %u): %s", name,
              named_offset, offset, describe(error));
    }
    unsigned int offset = 0;
    error = osb_gpio_chip_find_line(chip, "osb-no-such-line", &offset);
    check(error == ENOENT, "a line name the chip lacks is ENOENT: %s", describe(error));

    osb_gpio_line *line = NULL;
    error = osb_gpio_request_output(chip, osb_gpio_chip_num_lines(chip), CONSUMER, 0, &line);
    check(error == EINVAL && line == NULL, "an offset past the last line is EINVAL: %s", describe(error));

    osb_gpio_line *output = NULL;
    error = osb_gpio_request_output(chip, out, CONSUMER, 0, &output);
    check(error == 0, "request line %u as output, initially 0: %s", out, describe(error));
    if (error != 0) {
        osb_gpio_chip_close(chip);
        return finish();
    }
    if (sim != NULL) check(read_sim_value(sim, out) == 0, "simulated board sees 0 on line %u", out);

    error = osb_gpio_line_set(output, 1);
    check(error == 0, "set line %u to 1: %s", out, describe(error));
    if (sim != NULL) check(read_sim_value(sim, out) == 1, "simulated board sees 1 on line %u", out);
    int value = -1;
    error = osb_gpio_line_get(output, &value);
    check(error == 0 && value == 1, "output line %u reads back 1 (read %d): %s", out, value, describe(error));

    char consumer[64] = "";
    error = osb_gpio_chip_line_consumer(chip, out, consumer, sizeof consumer);
    check(error == 0 && strcmp(consumer, CONSUMER) == 0, "line %u is held by \"%s\" (kernel says \"%s\"): %s", out,
          CONSUMER, consumer, describe(error));

    error = osb_gpio_request_output(chip, out, CONSUMER, 0, &line);
    check(error == EBUSY && line == NULL, "a second request for line %u is EBUSY: %s", out, describe(error));

    osb_gpio_line *input = NULL;
    error = osb_gpio_request_input(chip, in, CONSUMER, &input);
    check(error == 0, "request line %u as input with both edges: %s", in, describe(error));
    if (error == 0) {
        error = osb_gpio_line_get(input, &value);
        check(error == 0 && (value == 0 || value == 1), "input line %u reads %d: %s", in, value, describe(error));

        int events = -1;
        double start = now_ms();
        error = osb_gpio_line_wait_edge(input, 100000000LL, &events);
        double waited = now_ms() - start;
        check(error == 0 && events == 0 && waited >= 90.0,
              "wait with no edge times out after %.1f ms (limit 100 ms), %d events: %s", waited, events,
              describe(error));

        if (sim != NULL) {
            drive_input(input, sim, in, value == 0 ? "pull-up" : "pull-down", value == 0);
            drive_input(input, sim, in, value == 0 ? "pull-down" : "pull-up", value != 0);
        }
        osb_gpio_line_release(input);
    }

    osb_gpio_line_release(output);
    error = osb_gpio_request_output(chip, out, CONSUMER, 1, &output);
    check(error == 0, "a released line can be requested again: %s", describe(error));
    osb_gpio_line_release(output);
    osb_gpio_chip_close(chip);
    return finish();
}

static int usage(void) {
    fprintf(stderr,
            "usage: shimcheck errors\n"
            "       shimcheck lines LABEL OUT IN [--sim DIR] [--name NAME=OFFSET]\n");
    return 2;
}

static int parse_offset(const char *text, unsigned int *offset) {
    char *end = NULL;
    unsigned long value = strtoul(text, &end, 10);
    if (end == text || *end != '\0' || value > 0xffff) return 0;
    *offset = (unsigned int)value;
    return 1;
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "errors") == 0) return run_errors();
    if (argc < 5 || strcmp(argv[1], "lines") != 0) return usage();
    unsigned int out = 0;
    unsigned int in = 0;
    if (!parse_offset(argv[3], &out) || !parse_offset(argv[4], &in)) return usage();
    const char *sim = NULL;
    char *name = NULL;
    unsigned int named_offset = 0;
    for (int index = 5; index < argc; index++) {
        if (strcmp(argv[index], "--sim") == 0 && index + 1 < argc) {
            sim = argv[++index];
        } else if (strcmp(argv[index], "--name") == 0 && index + 1 < argc) {
            name = argv[++index];
            char *separator = strchr(name, '=');
            if (separator == NULL || !parse_offset(separator + 1, &named_offset)) return usage();
            *separator = '\0';
        } else {
            return usage();
        }
    }
    return run_lines(argv[2], out, in, sim, name, named_offset);
}
