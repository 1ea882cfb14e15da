/*
 * A sleeping lock for threads (cooperative scheduling makes a critical
 * section without sleeps safe already; this is for sections that sleep,
 * such as a request waiting for a device).  Not for event handlers.
 */
#ifndef MINIOS_MUTEX_H
#define MINIOS_MUTEX_H

#include <minios/sched.h>

struct mutex {
	int locked;
	struct waitqueue waiters;
};

static inline void mutex_lock(struct mutex *m)
{
	wait_event(&m->waiters, !m->locked);
	m->locked = 1;
}

static inline void mutex_unlock(struct mutex *m)
{
	m->locked = 0;
	wake_up(&m->waiters);
}

#endif
