/* 16550-compatible UART, polled. */
#ifndef XEN_CORE_SERIAL_H
#define XEN_CORE_SERIAL_H

#include <xen-core/cmdline.h>

void serial_init(const struct serial_options *opts);
void serial_putc(char c);
/* Returns a received byte, or -1 when none is waiting. */
int serial_getc(void);

#endif
