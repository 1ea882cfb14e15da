/*
 * The serial line: speeds, and opening a device as a raw 8N1 line.
 */
#ifndef MINITERM_SERIAL_H
#define MINITERM_SERIAL_H

#include <stdio.h>
#include <termios.h>

/* The termios constant for 'baud' (e.g. "115200"); -1 if unsupported. */
int serial_speed(const char *baud, speed_t *speed);

/* Print the supported rates on one line, for error messages. */
void serial_list_speeds(FILE *out);

/*
 * Open 'path' (a serial device or a pseudo-terminal) and set it raw,
 * 8N1, no flow control, ignoring modem lines, at 'speed'.  Returns the
 * descriptor, or -1 with errno set.
 */
int serial_open(const char *path, speed_t speed);

#endif
