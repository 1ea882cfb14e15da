/*
 * Host-side stand-in for MiniOS's sleeping mutex: the unit tests run one
 * thread, so a lock only has to be taken and given back in pairs.
 */
#ifndef FAKE_MINIOS_MUTEX_H
#define FAKE_MINIOS_MUTEX_H

struct mutex {
	int locked;
};

static inline void mutex_lock(struct mutex *m)
{
	m->locked++;
}

static inline void mutex_unlock(struct mutex *m)
{
	m->locked--;
}

#endif
