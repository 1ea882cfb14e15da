/*
 * The system calls newlib expects (its reentrant wrappers call read,
 * write, sbrk, ...).  Files 0-2 are the console; there is no file
 * system yet, so everything else fails with a proper errno.
 */
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>
#include <minios/console.h>
#include <minios/kernel.h>
#include <xen/sched.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include <minios/time.h>

static int is_console(int fd)
{
	return fd >= 0 && fd <= 2;
}

void *sbrk(ptrdiff_t increment)
{
	return heap_sbrk(increment);
}

int write(int fd, const void *buf, size_t len)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	console_write(buf, len);
	return len;
}

int read(int fd, void *buf, size_t len)
{
	if (fd != 0) {
		errno = EBADF;
		return -1;
	}
	return len ? console_read(buf, len) : 0;
}

int open(const char *path, int flags, int mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	errno = ENOENT;
	return -1;
}

int close(int fd)
{
	if (is_console(fd))
		return 0;
	errno = EBADF;
	return -1;
}

int fstat(int fd, struct stat *st)
{
	if (!is_console(fd)) {
		errno = EBADF;
		return -1;
	}
	st->st_mode = S_IFCHR;
	return 0;
}

/* No named files in MiniOS itself (an application may serve its own). */
int stat(const char *path, struct stat *st)
{
	(void)path;
	(void)st;
	errno = ENOENT;
	return -1;
}

int isatty(int fd)
{
	if (is_console(fd))
		return 1;
	errno = EBADF;
	return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
	(void)off;
	(void)whence;
	errno = is_console(fd) ? ESPIPE : EBADF;
	return -1;
}

int getpid(void)
{
	return 1;
}

/* One user: the domain itself, as root. */
uid_t getuid(void)
{
	return 0;
}

uid_t geteuid(void)
{
	return 0;
}

gid_t getgid(void)
{
	return 0;
}

gid_t getegid(void)
{
	return 0;
}

int kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

void _exit(int status)
{
	minios_shutdown(status ? SHUTDOWN_crash : SHUTDOWN_poweroff);
}

int gettimeofday(struct timeval *tv, void *tz)
{
	uint64_t sec;
	uint32_t nsec;

	(void)tz;
	wallclock(&sec, &nsec);
	tv->tv_sec = sec;
	tv->tv_usec = nsec / 1000;
	return 0;
}

int clock_gettime(clockid_t clock, struct timespec *ts)
{
	uint64_t sec, ns;
	uint32_t nsec;

	switch (clock) {
	case CLOCK_REALTIME:
		wallclock(&sec, &nsec);
		ts->tv_sec = sec;
		ts->tv_nsec = nsec;
		return 0;
	case CLOCK_MONOTONIC:
		ns = monotonic_ns();
		ts->tv_sec = ns / NSEC_PER_SEC;
		ts->tv_nsec = ns % NSEC_PER_SEC;
		return 0;
	default:
		errno = EINVAL;
		return -1;
	}
}

clock_t times(struct tms *t)
{
	clock_t ticks = monotonic_ns() / (NSEC_PER_SEC / CLOCKS_PER_SEC);

	t->tms_utime = ticks;
	t->tms_stime = 0;
	t->tms_cutime = 0;
	t->tms_cstime = 0;
	return ticks;
}

int nanosleep(const struct timespec *req, struct timespec *rem)
{
	if (req->tv_sec < 0 || req->tv_nsec < 0 ||
	    req->tv_nsec >= (long)NSEC_PER_SEC) {
		errno = EINVAL;
		return -1;
	}
	sleep_until(monotonic_ns() + req->tv_sec * NSEC_PER_SEC +
		    req->tv_nsec);
	if (rem)
		rem->tv_sec = rem->tv_nsec = 0;
	return 0;
}

int usleep(useconds_t usec)
{
	sleep_until(monotonic_ns() + (uint64_t)usec * 1000);
	return 0;
}

unsigned int sleep(unsigned int seconds)
{
	sleep_until(monotonic_ns() + seconds * NSEC_PER_SEC);
	return 0;
}
