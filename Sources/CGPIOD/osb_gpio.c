/*
 * osb_gpio: the two libgpiod generations behind one API. See include/osb_gpio.h for how the
 * generation is chosen; everything between the #ifdef and its #else is 1.x, the rest 2.x,
 * and the code after the #endif is shared.
 */
/* scandir is POSIX.1-2008; say so rather than rely on the compiler's default dialect. */
#define _POSIX_C_SOURCE 200809L

#include "osb_gpio.h"

#include <gpiod.h>

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The kernel's names and labels are at most 32 bytes (GPIO_MAX_NAME_SIZE); room to spare. */
#define OSB_NAME_SIZE 64
#define OSB_PATH_SIZE 512

/* Edge events read and discarded per wake-up; more pending ones just wake the next wait. */
#define OSB_EVENT_BATCH 16

struct osb_gpio_chip {
    struct gpiod_chip *chip;
    char path[OSB_PATH_SIZE];
    char name[OSB_NAME_SIZE];
    char label[OSB_NAME_SIZE];
    unsigned int num_lines;
};

/* libgpiod reports failures through errno; a zero errno after a failure still must not read as success. */
static int failure(int fallback) { return errno != 0 ? errno : fallback; }

static void copy_text(char *destination, size_t size, const char *source) {
    snprintf(destination, size, "%s", source != NULL ? source : "");
}

#ifdef GPIOD_LINE_BULK_MAX_LINES

/* ---- libgpiod 1.x: lines belong to the chip object; a requested line carries its own fd. ---- */

struct osb_gpio_line {
    struct gpiod_line *line;
};

int osb_gpio_api_generation(void) { return 1; }

const char *osb_gpio_library_version(void) { return gpiod_version_string(); }

static int backend_open(const char *path, osb_gpio_chip *handle) {
    errno = 0;
    handle->chip = gpiod_chip_open(path);
    if (handle->chip == NULL) return failure(ENODEV);
    copy_text(handle->name, sizeof handle->name, gpiod_chip_name(handle->chip));
    copy_text(handle->label, sizeof handle->label, gpiod_chip_label(handle->chip));
    handle->num_lines = gpiod_chip_num_lines(handle->chip);
    return 0;
}

static void backend_close(osb_gpio_chip *handle) { gpiod_chip_close(handle->chip); }

int osb_gpio_chip_find_line(osb_gpio_chip *chip, const char *name, unsigned int *offset) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_find_line(chip->chip, name);
    if (line == NULL) return failure(ENOENT);
    *offset = gpiod_line_offset(line);
    return 0;
}

int osb_gpio_chip_line_consumer(osb_gpio_chip *chip, unsigned int offset, char *buffer, size_t size) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (line == NULL) return failure(EINVAL);
    /* 1.x caches line info from when the line object was created; refresh it first. */
    if (gpiod_line_update(line) != 0) return failure(EIO);
    copy_text(buffer, size, gpiod_line_consumer(line));
    return 0;
}

int osb_gpio_chip_line_info(osb_gpio_chip *chip, unsigned int offset, int *used, char *name, size_t name_size,
                            char *consumer, size_t consumer_size) {
    errno = 0;
    struct gpiod_line *line = gpiod_chip_get_line(chip->chip, offset);
    if (line == NULL) return failure(EINVAL);
    if (gpiod_line_update(line) != 0) return failure(EIO);
    *used = gpiod_line_is_used(line) ? 1 : 0;
    copy_text(name, name_size, gpiod_line_name(line));
    copy_text(consumer, consumer_size, gpiod_line_consumer(line));
    return 0;
}

static int backend_request(osb_gpio_chip *chip, unsigned int offset, const char *consumer, int output,
                           int initial, osb_gpio_line *handle) {
    errno = 0;
    handle->line = gpiod_chip_get_line(chip->chip, offset);
    if (handle->line == NULL) return failure(EINVAL);
    /* Flags 0: bias as-is, active-high. Event requests are inputs in the v1 uAPI 1.x uses. */
    int result = output ? gpiod_line_request_output(handle->line, consumer, initial)
                        : gpiod_line_request_both_edges_events_flags(handle->line, consumer, 0);
    return result == 0 ? 0 : failure(EIO);
}

int osb_gpio_line_set(osb_gpio_line *line, int value) {
    errno = 0;
    return gpiod_line_set_value(line->line, value != 0) == 0 ? 0 : failure(EIO);
}

int osb_gpio_line_get(osb_gpio_line *line, int *value) {
    errno = 0;
    int result = gpiod_line_get_value(line->line);
    if (result < 0) return failure(EIO);
    *value = result;
    return 0;
}

int osb_gpio_line_wait_edge(osb_gpio_line *line, int64_t timeout_ns, int *events) {
    struct timespec limit = {
        .tv_sec = (time_t)(timeout_ns / 1000000000),
        .tv_nsec = (long)(timeout_ns % 1000000000),
    };
    errno = 0;
    int ready = gpiod_line_event_wait(line->line, timeout_ns < 0 ? NULL : &limit);
    if (ready < 0) return failure(EIO);
    *events = 0;
    if (ready == 0) return 0;
    struct gpiod_line_event batch[OSB_EVENT_BATCH];
    errno = 0;
    int count = gpiod_line_event_read_multiple(line->line, batch, OSB_EVENT_BATCH);
    if (count < 0) return failure(EIO);
    *events = count;
    return 0;
}

static void backend_release(osb_gpio_line *line) { gpiod_line_release(line->line); }

#else

/* ---- libgpiod 2.x: a line request is its own object, configured through settings objects. ---- */

struct osb_gpio_line {
    struct gpiod_line_request *request;
    struct gpiod_edge_event_buffer *events;
    unsigned int offset;
};

int osb_gpio_api_generation(void) { return 2; }

const char *osb_gpio_library_version(void) { return gpiod_api_version(); }

static int backend_open(const char *path, osb_gpio_chip *handle) {
    errno = 0;
    handle->chip = gpiod_chip_open(path);
    if (handle->chip == NULL) return failure(ENODEV);
    struct gpiod_chip_info *info = gpiod_chip_get_info(handle->chip);
    if (info == NULL) {
        int error = failure(EIO);
        gpiod_chip_close(handle->chip);
        return error;
    }
    copy_text(handle->name, sizeof handle->name, gpiod_chip_info_get_name(info));
    copy_text(handle->label, sizeof handle->label, gpiod_chip_info_get_label(info));
    handle->num_lines = (unsigned int)gpiod_chip_info_get_num_lines(info);
    gpiod_chip_info_free(info);
    return 0;
}

static void backend_close(osb_gpio_chip *handle) { gpiod_chip_close(handle->chip); }

int osb_gpio_chip_find_line(osb_gpio_chip *chip, const char *name, unsigned int *offset) {
    errno = 0;
    int found = gpiod_chip_get_line_offset_from_name(chip->chip, name);
    if (found < 0) return failure(ENOENT);
    *offset = (unsigned int)found;
    return 0;
}

int osb_gpio_chip_line_consumer(osb_gpio_chip *chip, unsigned int offset, char *buffer, size_t size) {
    errno = 0;
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip->chip, offset);
    if (info == NULL) return failure(EINVAL);
    copy_text(buffer, size, gpiod_line_info_get_consumer(info));
    gpiod_line_info_free(info);
    return 0;
}

int osb_gpio_chip_line_info(osb_gpio_chip *chip, unsigned int offset, int *used, char *name, size_t name_size,
                            char *consumer, size_t consumer_size) {
    errno = 0;
    struct gpiod_line_info *info = gpiod_chip_get_line_info(chip->chip, offset);
    if (info == NULL) return failure(EINVAL);
    *used = gpiod_line_info_is_used(info) ? 1 : 0;
    copy_text(name, name_size, gpiod_line_info_get_name(info));
    copy_text(consumer, consumer_size, gpiod_line_info_get_consumer(info));
    gpiod_line_info_free(info);
    return 0;
}

static int backend_request(osb_gpio_chip *chip, unsigned int offset, const char *consumer, int output,
                           int initial, osb_gpio_line *handle) {
    int error = 0;
    struct gpiod_line_settings *settings = gpiod_line_settings_new();
    struct gpiod_line_config *line_config = gpiod_line_config_new();
    struct gpiod_request_config *request_config = gpiod_request_config_new();
    if (settings == NULL || line_config == NULL || request_config == NULL) {
        error = ENOMEM;
        goto done;
    }
    /* Bias stays at the default, GPIOD_LINE_BIAS_AS_IS; drive at the default, push-pull. */
    if (output) {
        if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_OUTPUT) != 0 ||
            gpiod_line_settings_set_output_value(
                settings, initial ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE) != 0) {
            error = failure(EINVAL);
            goto done;
        }
    } else {
        if (gpiod_line_settings_set_direction(settings, GPIOD_LINE_DIRECTION_INPUT) != 0 ||
            gpiod_line_settings_set_edge_detection(settings, GPIOD_LINE_EDGE_BOTH) != 0) {
            error = failure(EINVAL);
            goto done;
        }
        handle->events = gpiod_edge_event_buffer_new(OSB_EVENT_BATCH);
        if (handle->events == NULL) {
            error = ENOMEM;
            goto done;
        }
    }
    if (gpiod_line_config_add_line_settings(line_config, &offset, 1, settings) != 0) {
        error = failure(EINVAL);
        goto done;
    }
    gpiod_request_config_set_consumer(request_config, consumer);
    errno = 0;
    handle->request = gpiod_chip_request_lines(chip->chip, request_config, line_config);
    if (handle->request == NULL) error = failure(EIO);
    handle->offset = offset;
done:
    if (error != 0 && handle->events != NULL) {
        gpiod_edge_event_buffer_free(handle->events);
        handle->events = NULL;
    }
    gpiod_request_config_free(request_config);
    gpiod_line_config_free(line_config);
    gpiod_line_settings_free(settings);
    return error;
}

int osb_gpio_line_set(osb_gpio_line *line, int value) {
    errno = 0;
    enum gpiod_line_value level = value ? GPIOD_LINE_VALUE_ACTIVE : GPIOD_LINE_VALUE_INACTIVE;
    return gpiod_line_request_set_value(line->request, line->offset, level) == 0 ? 0 : failure(EIO);
}

int osb_gpio_line_get(osb_gpio_line *line, int *value) {
    errno = 0;
    enum gpiod_line_value level = gpiod_line_request_get_value(line->request, line->offset);
    if (level == GPIOD_LINE_VALUE_ERROR) return failure(EIO);
    *value = level == GPIOD_LINE_VALUE_ACTIVE;
    return 0;
}

int osb_gpio_line_wait_edge(osb_gpio_line *line, int64_t timeout_ns, int *events) {
    if (line->events == NULL) return EPERM;
    errno = 0;
    int ready = gpiod_line_request_wait_edge_events(line->request, timeout_ns);
    if (ready < 0) return failure(EIO);
    *events = 0;
    if (ready == 0) return 0;
    errno = 0;
    int count = gpiod_line_request_read_edge_events(line->request, line->events, OSB_EVENT_BATCH);
    if (count < 0) return failure(EIO);
    *events = count;
    return 0;
}

static void backend_release(osb_gpio_line *line) {
    gpiod_line_request_release(line->request);
    gpiod_edge_event_buffer_free(line->events);
}

#endif

/* ---- shared by both generations ---- */

int osb_gpio_chip_open(const char *path, osb_gpio_chip **chip) {
    if (path == NULL || chip == NULL) return EINVAL;
    osb_gpio_chip *handle = calloc(1, sizeof *handle);
    if (handle == NULL) return ENOMEM;
    int error = backend_open(path, handle);
    if (error != 0) {
        free(handle);
        return error;
    }
    copy_text(handle->path, sizeof handle->path, path);
    *chip = handle;
    return 0;
}

static int is_chip_entry(const struct dirent *entry) {
    const char *digits = entry->d_name + strlen("gpiochip");
    if (strncmp(entry->d_name, "gpiochip", strlen("gpiochip")) != 0 || *digits == '\0') return 0;
    return strspn(digits, "0123456789") == strlen(digits);
}

/* Numeric order, so gpiochip2 comes before gpiochip10 (alphasort would not). */
static int by_chip_number(const struct dirent **a, const struct dirent **b) {
    unsigned long left = strtoul((*a)->d_name + strlen("gpiochip"), NULL, 10);
    unsigned long right = strtoul((*b)->d_name + strlen("gpiochip"), NULL, 10);
    return (left > right) - (left < right);
}

/*
 * One loop for both generations: 2.x has no open-by-label, and 1.x's gpiod_chip_open_by_label
 * gives up on the first chip it cannot open, so one unreadable chip would hide the one we want.
 */
int osb_gpio_chip_open_by_label(const char *label, osb_gpio_chip **chip) {
    if (label == NULL || chip == NULL) return EINVAL;
    struct dirent **entries = NULL;
    int count = scandir("/dev", &entries, is_chip_entry, by_chip_number);
    if (count < 0) return failure(ENOENT);
    int unreadable = 0;
    int error = ENOENT;
    for (int index = 0; index < count && error != 0; index++) {
        char path[OSB_PATH_SIZE];
        snprintf(path, sizeof path, "/dev/%s", entries[index]->d_name);
        osb_gpio_chip *candidate = NULL;
        int opened = osb_gpio_chip_open(path, &candidate);
        if (opened == EACCES || opened == EPERM) {
            if (unreadable == 0) unreadable = opened;
        } else if (opened == 0 && strcmp(candidate->label, label) == 0) {
            *chip = candidate;
            error = 0;
        } else if (opened == 0) {
            osb_gpio_chip_close(candidate);
        }
    }
    for (int index = 0; index < count; index++) free(entries[index]);
    free(entries);
    return error == ENOENT && unreadable != 0 ? unreadable : error;
}

void osb_gpio_chip_close(osb_gpio_chip *chip) {
    if (chip == NULL) return;
    backend_close(chip);
    free(chip);
}

const char *osb_gpio_chip_path(const osb_gpio_chip *chip) { return chip->path; }

const char *osb_gpio_chip_name(const osb_gpio_chip *chip) { return chip->name; }

const char *osb_gpio_chip_label(const osb_gpio_chip *chip) { return chip->label; }

unsigned int osb_gpio_chip_num_lines(const osb_gpio_chip *chip) { return chip->num_lines; }

static int request(osb_gpio_chip *chip, unsigned int offset, const char *consumer, int output, int initial,
                   osb_gpio_line **line) {
    if (chip == NULL || consumer == NULL || line == NULL) return EINVAL;
    /* Both generations would say EINVAL too, but only after allocating; say it before. */
    if (offset >= chip->num_lines) return EINVAL;
    osb_gpio_line *handle = calloc(1, sizeof *handle);
    if (handle == NULL) return ENOMEM;
    int error = backend_request(chip, offset, consumer, output, initial != 0, handle);
    if (error != 0) {
        free(handle);
        return error;
    }
    *line = handle;
    return 0;
}

int osb_gpio_request_output(osb_gpio_chip *chip, unsigned int offset, const char *consumer, int initial,
                            osb_gpio_line **line) {
    return request(chip, offset, consumer, 1, initial, line);
}

int osb_gpio_request_input(osb_gpio_chip *chip, unsigned int offset, const char *consumer, osb_gpio_line **line) {
    return request(chip, offset, consumer, 0, 0, line);
}

void osb_gpio_line_release(osb_gpio_line *line) {
    if (line == NULL) return;
    backend_release(line);
    free(line);
}
