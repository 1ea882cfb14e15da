/*
 * The guests this toolstack created: name and id (Xen knows only ids,
 * as libxl keeps names in xenstore) and each one's console backend.
 */
#ifndef TOOLSTACK_DOMAINS_H
#define TOOLSTACK_DOMAINS_H

#include <stdbool.h>
#include <stdint.h>
#include <xen/xen.h>
#include "xlcfg/xlcfg.h"

#define DOMAIN_NAME_MAX 64
#define CONFIG_PATH_MAX 128
#define CONFIG_OVERRIDES_MAX 256

struct guest_console;

struct domain_record {
	domid_t domid;
	char name[DOMAIN_NAME_MAX];
	struct guest_console *console;
	char config_path[CONFIG_PATH_MAX];	/* to restart it */
	/* `xl create`'s key=value arguments, one per line, also for that */
	char config_overrides[CONFIG_OVERRIDES_MAX];
	enum xl_action on_poweroff, on_reboot, on_crash;
	bool shutdown_handled;			/* its on_* action ran */
};

/* NULL if the table is full. */
struct domain_record *domains_add(domid_t domid, const char *name,
				  struct guest_console *console);
void domains_remove(struct domain_record *d);

/* Iteration: the first record after 'prev' (NULL: the first), or NULL. */
struct domain_record *domains_next(struct domain_record *prev);

/* By name, or by decimal id ("probe", "3"); NULL if not ours. */
struct domain_record *domains_find(const char *name_or_id);
struct domain_record *domains_by_id(domid_t domid);

/* The name xl shows: "Domain-0" for 0, ours, or NULL. */
const char *domains_name(domid_t domid);

#endif
