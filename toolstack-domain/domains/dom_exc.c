/*
 * VIRQ_DOM_EXC fan-out (see dom_exc.h): bound on first subscription.
 */
#include <errno.h>
#include <minios/events.h>
#include "dom_exc.h"

#define MAX_SUBSCRIBERS 4

struct subscriber {
	void (*notify)(void *arg);
	void *arg;
};

static struct subscriber subscribers[MAX_SUBSCRIBERS];
static unsigned int nr_subscribers;

static void dom_exc_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
	for (unsigned int i = 0; i < nr_subscribers; i++)
		subscribers[i].notify(subscribers[i].arg);
}

int dom_exc_subscribe(void (*notify)(void *arg), void *arg)
{
	if (nr_subscribers == MAX_SUBSCRIBERS)
		return -ENOSPC;
	if (nr_subscribers == 0) {
		int rc = bind_virq(VIRQ_DOM_EXC, dom_exc_event, NULL);

		if (rc < 0)
			return rc;
	}
	subscribers[nr_subscribers++] = (struct subscriber){ notify, arg };
	return 0;
}
