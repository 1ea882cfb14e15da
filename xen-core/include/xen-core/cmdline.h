/*
 * Boot command line in Xen's spelling.  Pure parsing: no side effects
 * besides filling struct boot_options and reporting unknown options.
 */
#ifndef XEN_CORE_CMDLINE_H
#define XEN_CORE_CMDLINE_H

#include <xen-core/lib.h>

enum log_level {
	LOG_NONE, LOG_ERR, LOG_WARN, LOG_INFO, LOG_DEBUG, LOG_ALL
};

struct serial_options {
	unsigned int baud;	/* 0: keep what the firmware programmed */
	unsigned int data_bits;
	char parity;		/* 'n', 'o', 'e' */
	unsigned int stop_bits;
	unsigned int io_base;	/* 0: the standard base for this port */
};

struct boot_options {
	char console[64];		/* comma list: com1, vga, none */
	struct serial_options com1;
	unsigned long long dom0_mem_bytes;	/* 0: all but a reserve */
	unsigned long long dom0_mem_max_bytes;	/* 0: no cap */
	bool noreboot;
	bool sync_console;
	enum log_level loglvl;
	enum log_level guest_loglvl;
	unsigned int max_cpus;		/* 0: every CPU */
	bool test_syscall_breakpoint;	/* tests only: see pv/debugreg.c */
	bool test_dom0_pfn_shuffle;	/* tests only: see pv/dom0_build.c */
};

typedef void (*cmdline_complaint_fn)(const char *what, const char *option,
				     size_t len);

void cmdline_defaults(struct boot_options *opts);
/* Parses @line into @opts; each unknown or malformed option goes to @complain. */
void cmdline_parse(const char *line, struct boot_options *opts,
		   cmdline_complaint_fn complain);
/* "128M", "131072" (KiB, Xen's default unit), "2G", ...; false if malformed. */
bool parse_size(const char *s, size_t len, unsigned long long *bytes);

#endif
