/*
 * osb_spi: the spidev ioctl request numbers, taken from the kernel's own macros.
 *
 * Swift imports plain integer macros but not function-like ones, and every spidev request
 * number is built by _IOW(type, number, argument type). These inline functions hand Swift the
 * values the C preprocessor computes, so the numbers are never re-derived by hand; the tests
 * check them against the _IOW encoding for x86_64 and aarch64. Including <linux/spi/spidev.h>
 * here also gives Swift `struct spi_ioc_transfer` with the kernel's layout.
 */
#ifndef OSB_SPI_H
#define OSB_SPI_H

#include <linux/spi/spidev.h>

/** SPI_IOC_WR_MODE: sets the clock mode (an 8-bit SPI_MODE_n). */
static inline unsigned long osb_spi_ioc_wr_mode(void) { return SPI_IOC_WR_MODE; }

/** SPI_IOC_WR_BITS_PER_WORD: sets the word size (an 8-bit count). */
static inline unsigned long osb_spi_ioc_wr_bits_per_word(void) { return SPI_IOC_WR_BITS_PER_WORD; }

/** SPI_IOC_WR_MAX_SPEED_HZ: sets the default clock rate (a 32-bit value in Hz). */
static inline unsigned long osb_spi_ioc_wr_max_speed_hz(void) { return SPI_IOC_WR_MAX_SPEED_HZ; }

/** SPI_IOC_MESSAGE(1): runs one `struct spi_ioc_transfer`. */
static inline unsigned long osb_spi_ioc_message_1(void) { return SPI_IOC_MESSAGE(1); }

#endif
