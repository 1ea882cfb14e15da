/*
 * The xl-compatible command family ("xl info", "xl dmesg", ...).
 */
#ifndef TOOLSTACK_XL_H
#define TOOLSTACK_XL_H

#include <xen/xen.h>

/* Entry for the shell's "xl" command; argv[1] is the subcommand. */
int xl_main(int argc, char **argv);
/* How many -v came before the subcommand. */
extern int xl_verbose;

/* One per subcommand file. */
int xl_info(int argc, char **argv);
int xl_dmesg(int argc, char **argv);
int xl_create(int argc, char **argv);
int xl_list(int argc, char **argv);
int xl_destroy(int argc, char **argv);
int xl_console(int argc, char **argv);
int xl_shutdown(int argc, char **argv);
int xl_reboot(int argc, char **argv);
int xl_pause(int argc, char **argv);
int xl_unpause(int argc, char **argv);
int xl_vcpu_list(int argc, char **argv);
int xl_uptime(int argc, char **argv);
int xl_mem_set(int argc, char **argv);

struct domain_record;

/* Connect our console to a guest's until CTRL-] (xl_console.c). */
int xl_console_session(struct domain_record *d);
/* End the session attached to d, if any, and wait until it has. */
void xl_console_hangup(struct domain_record *d);

/* Does domain id match a [Domain] argument (name or id; NULL: all)? */
int xl_domain_selected(domid_t id, const char *which);

struct xen_domctl_getdomaininfo;

/*
 * Call show() for every domain Xen has, or only the one 'which' names;
 * returns 0, or 1 after an error message (Xen failed, no such domain).
 */
int xl_for_each_domain(const char *cmd, const char *which,
		       void (*show)(const struct xen_domctl_getdomaininfo *));

/* Our guest named (or numbered) arg, or NULL after saying so. */
struct domain_record *xl_guest_arg(const char *cmd, const char *arg);

/* Ask a guest to shut down ("poweroff", "reboot") through its
 * control/shutdown node, as xl does; 0 or a negative errno. */
int xl_request_shutdown(struct domain_record *d, const char *what);

/* Create a guest from a config file and @overrides ("key=value" lines
 * read after it, may be empty), as `xl create` (xl_create.c); NULL
 * after printing why not. */
struct domain_record *xl_create_from(const char *path, const char *overrides);

#endif
