/*
 * The table of our guests (see domains.h): small and fixed, like the
 * number of guests one control domain runs.
 */
#include <stdlib.h>
#include <string.h>
#include "domains.h"

#define MAX_GUESTS 64

static struct domain_record table[MAX_GUESTS];
static int used[MAX_GUESTS];

struct domain_record *domains_add(domid_t domid, const char *name,
				  struct guest_console *console)
{
	for (int i = 0; i < MAX_GUESTS; i++) {
		if (used[i])
			continue;
		used[i] = 1;
		memset(&table[i], 0, sizeof(table[i]));
		table[i].domid = domid;
		strncpy(table[i].name, name, sizeof(table[i].name) - 1);
		table[i].name[sizeof(table[i].name) - 1] = '\0';
		table[i].console = console;
		return &table[i];
	}
	return NULL;
}

void domains_remove(struct domain_record *d)
{
	used[d - table] = 0;
}

struct domain_record *domains_next(struct domain_record *prev)
{
	for (int i = prev ? prev - table + 1 : 0; i < MAX_GUESTS; i++)
		if (used[i])
			return &table[i];
	return NULL;
}

struct domain_record *domains_by_id(domid_t domid)
{
	for (int i = 0; i < MAX_GUESTS; i++)
		if (used[i] && table[i].domid == domid)
			return &table[i];
	return NULL;
}

struct domain_record *domains_find(const char *name_or_id)
{
	char *end;
	unsigned long id;

	for (int i = 0; i < MAX_GUESTS; i++)
		if (used[i] && !strcmp(table[i].name, name_or_id))
			return &table[i];
	id = strtoul(name_or_id, &end, 10);
	if (*name_or_id && !*end && id < DOMID_FIRST_RESERVED)
		return domains_by_id(id);
	return NULL;
}

const char *domains_name(domid_t domid)
{
	struct domain_record *d = domains_by_id(domid);

	if (domid == 0)
		return "Domain-0";
	return d ? d->name : NULL;
}
