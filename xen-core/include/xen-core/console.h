/*
 * The hypervisor console: "(XEN)" log lines kept in a ring (read by
 * `xl dmesg`) and written to the serial port, plus serial input, which
 * CTRL-a pressed three times switches between xen-core's debug keys
 * and the control domain.
 */
#ifndef XEN_CORE_CONSOLE_H
#define XEN_CORE_CONSOLE_H

#include <xen-core/cmdline.h>

void console_init(const struct boot_options *opts);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vprintk(const char *fmt, va_list ap);
/* Logged only when loglvl is at least @level. */
void dprintk(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A guest's console output, written as it is (no prefix). */
void console_guest_write(const char *buf, size_t len);

/* Copies log-ring bytes starting at *@index; advances it. */
size_t console_ring_read(char *buf, size_t len, uint32_t *index);
/* Where the oldest retained byte of the ring is. */
uint32_t console_ring_start(void);
void console_ring_clear(void);

/* Serial input: polled from the timer and idle paths. */
void console_poll_input(void);
/* Bytes queued for the control domain: look, then take what was used. */
size_t console_peek_for_dom0(char *buf, size_t len);
void console_consume_for_dom0(size_t n);

typedef void (*debug_key_fn)(unsigned char key);
void register_debug_key(unsigned char key, debug_key_fn fn, const char *desc);
void console_show_debug_keys(void);
void console_start_input_polling(void);
void keyhandlers_init(void);

/* Called with the console lock held by nobody; forces output out. */
void console_force_unlock(void);

#define panic(...) do_panic(__FILE__, __LINE__, __VA_ARGS__)
void do_panic(const char *file, int line, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 3, 4)));
#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s)", #c); } while (0)

#endif
