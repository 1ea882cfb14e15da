/*
 * The control domain's console: Xen's own serial console reached through
 * HYPERVISOR_console_io.  Input arrives as VIRQ_CONSOLE and is buffered
 * until a thread reads it.
 */
#ifndef MINIOS_CONSOLE_H
#define MINIOS_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

void console_write(const char *buf, size_t len);

/* Start taking input; needs events and threads. */
void console_init(void);

/* Block the calling thread until at least one byte is there; return count. */
size_t console_read(char *buf, size_t len);

/*
 * The same, but return 0 without input once *hangup is true; whoever
 * sets it calls console_wake_readers().
 */
size_t console_read_unless(char *buf, size_t len, const volatile bool *hangup);
void console_wake_readers(void);

#endif
