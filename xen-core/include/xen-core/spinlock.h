/* Ticket-free test-and-set spinlocks; IRQ-safe variants save flags. */
#ifndef XEN_CORE_SPINLOCK_H
#define XEN_CORE_SPINLOCK_H

#include <xen-core/io.h>
#include <xen-core/lib.h>

typedef struct {
	volatile int locked;
} spinlock_t;

#define SPIN_LOCK_UNLOCKED { 0 }

void smp_serve_calls(void);

/*
 * A waiter, often with interrupts off, answers other CPUs' calls: the
 * holder may be waiting for it to flush its TLB.
 */
static inline void spin_lock(spinlock_t *l)
{
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (l->locked) {
			smp_serve_calls();
			cpu_relax();
		}
}

static inline bool spin_trylock(spinlock_t *l)
{
	return !__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE);
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = local_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

#endif
