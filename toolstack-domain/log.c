/* The log file (see log.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <minios/kernel.h>
#include <minios/mutex.h>
#include <minios/sched.h>
#include "hostfs/hostfs.h"
#include "log.h"

#define WRITE_EVERY_MS 2000
#define CHUNK 4096

static uint64_t written;	/* the log ring's bytes already in the file */
static struct mutex writing;
static bool failing;

void tlog(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;
	fputs(line, stdout);
	fflush(stdout);
	klog_append(line, n);
}

/* Start a new file once the current one has grown past the limit. */
static void rotate_if_big(void)
{
	struct hostfs_stat st;
	int rc;

	if (hostfs_stat(LOG_FILE, &st) || st.size < LOG_ROTATE_BYTES)
		return;
	rc = hostfs_rename(LOG_FILE, LOG_OLD_FILE);
	if (rc)
		printf("log: cannot rotate %s: %s\n", LOG_FILE, strerror(-rc));
}

void log_flush(void)
{
	char buf[CHUNK];
	uint64_t lost;
	size_t n;
	int rc = 0;

	if (!hostfs_mounted() || hostfs_read_only())
		return;
	mutex_lock(&writing);
	rotate_if_big();
	while (!rc && (n = klog_read(&written, buf, sizeof(buf), &lost))) {
		if (lost) {
			char note[64];
			int len = snprintf(note, sizeof(note),
					   "[log: %llu bytes lost]\n",
					   (unsigned long long)lost);

			hostfs_append(LOG_FILE, note, len);
		}
		rc = hostfs_append(LOG_FILE, buf, n);
	}
	mutex_unlock(&writing);
	/* Said once for each run of failures (a full disk, say). */
	if (rc && !failing)
		printf("log: cannot write %s: %s\n", LOG_FILE, strerror(-rc));
	failing = rc != 0;
}

static void log_thread(void *unused)
{
	(void)unused;
	for (;;) {
		log_flush();
		msleep(WRITE_EVERY_MS);
	}
}

void log_start(void)
{
	if (!hostfs_mounted() || hostfs_read_only())
		return;
	if (!create_thread("log", log_thread, NULL))
		printf("log: cannot start the log writer\n");
}
