/*
 * The serial line: speeds, and opening a device as a raw 8N1 line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "serial.h"

static const struct {
	unsigned long baud;
	speed_t speed;
} speeds[] = {
	{ 50, B50 }, { 75, B75 }, { 110, B110 }, { 134, B134 },
	{ 150, B150 }, { 200, B200 }, { 300, B300 }, { 600, B600 },
	{ 1200, B1200 }, { 1800, B1800 }, { 2400, B2400 }, { 4800, B4800 },
	{ 9600, B9600 }, { 19200, B19200 }, { 38400, B38400 },
	{ 57600, B57600 }, { 115200, B115200 }, { 230400, B230400 },
	{ 460800, B460800 }, { 500000, B500000 }, { 576000, B576000 },
	{ 921600, B921600 }, { 1000000, B1000000 }, { 1152000, B1152000 },
	{ 1500000, B1500000 }, { 2000000, B2000000 }, { 2500000, B2500000 },
	{ 3000000, B3000000 }, { 3500000, B3500000 }, { 4000000, B4000000 },
};

#define NR_SPEEDS (sizeof(speeds) / sizeof(speeds[0]))

int serial_speed(const char *baud, speed_t *speed)
{
	unsigned long value;
	char *end;

	/* Digits only: strtoul alone would take "-1", " 9600" or "". */
	if (!*baud || strspn(baud, "0123456789") != strlen(baud))
		return -1;
	errno = 0;
	value = strtoul(baud, &end, 10);
	if (errno)
		return -1;
	for (size_t i = 0; i < NR_SPEEDS; i++) {
		if (speeds[i].baud == value) {
			*speed = speeds[i].speed;
			return 0;
		}
	}
	return -1;
}

void serial_list_speeds(FILE *out)
{
	for (size_t i = 0; i < NR_SPEEDS; i++)
		fprintf(out, "%s%lu", i ? " " : "", speeds[i].baud);
	fputc('\n', out);
}

static int serial_set_raw(int fd, speed_t speed)
{
	struct termios tio;

	if (tcgetattr(fd, &tio))
		return -1;
	cfmakeraw(&tio);
	tio.c_cflag &= ~(CSTOPB | CRTSCTS | HUPCL);
	tio.c_cflag |= CLOCAL | CREAD;
	tio.c_iflag &= ~(IXON | IXOFF | IXANY);
	tio.c_cc[VMIN] = 1;
	tio.c_cc[VTIME] = 0;
	if (cfsetispeed(&tio, speed) || cfsetospeed(&tio, speed))
		return -1;
	return tcsetattr(fd, TCSANOW, &tio);
}

int serial_open(const char *path, speed_t speed)
{
	int fd, flags, saved_errno;

	/* O_NONBLOCK: do not wait for carrier before CLOCAL is set. */
	fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	flags = fcntl(fd, F_GETFL);
	if (flags < 0 || serial_set_raw(fd, speed) ||
	    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK)) {
		saved_errno = errno;
		close(fd);
		errno = saved_errno;
		return -1;
	}
	return fd;
}
