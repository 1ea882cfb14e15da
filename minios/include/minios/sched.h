/*
 * Cooperative threads.  A thread runs until it blocks, sleeps or yields;
 * event handlers only mark threads runnable.  When nothing is runnable
 * the vCPU blocks in Xen until the next event or timer deadline.
 */
#ifndef MINIOS_SCHED_H
#define MINIOS_SCHED_H

#include <stdint.h>
#include <minios/events.h>

struct thread;

struct waitqueue {
	struct thread *head;	/* threads waiting, linked by wait_next */
};

struct thread *create_thread(const char *name, void (*fn)(void *),
			     void *arg);
void __attribute__((noreturn)) thread_exit(void);

void schedule(void);
void wake(struct thread *t);
void sleep_until(uint64_t deadline_ns);
void msleep(uint32_t ms);

void wait_prepare(struct waitqueue *wq);
void wait_finish(struct waitqueue *wq);
void wake_up(struct waitqueue *wq);

/*
 * Sleep until 'cond' holds.  The condition is tested with events masked,
 * so a wake_up() from a handler between the test and the sleep is not lost.
 */
#define wait_event(wq, cond)						\
	do {								\
		unsigned long __flags = events_save_disable();		\
		while (!(cond)) {					\
			wait_prepare(wq);				\
			schedule();					\
			wait_finish(wq);				\
		}							\
		events_restore(__flags);				\
	} while (0)

/* Turn the boot context into a thread; called once by start_kernel. */
void sched_init(void);

#endif
