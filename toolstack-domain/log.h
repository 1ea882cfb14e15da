/*
 * The toolstack domain's log: its messages (tlog) and MiniOS's kernel
 * messages go to the console at once and, once the host filesystem is
 * mounted, to /var/log/xen/toolstack.log too, written out every few
 * seconds by a thread of its own (the boot's messages first).  The file
 * is rotated by size to toolstack.log.1.
 */
#ifndef TOOLSTACK_LOG_H
#define TOOLSTACK_LOG_H

#define LOG_FILE "/var/log/xen/toolstack.log"
#define LOG_OLD_FILE "/var/log/xen/toolstack.log.1"
#define LOG_ROTATE_BYTES (256 * 1024)

/* Print a message on the console and keep it for the log file. */
void tlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Start writing the log file (after the host filesystem is mounted). */
void log_start(void);

/* Write out what is pending now (before unmounting). */
void log_flush(void);

#endif
