/*
 * Cooperative round-robin scheduler with per-thread sleep deadlines.
 *
 * There is no idle thread: when nothing is runnable, schedule() blocks
 * the vCPU on the stack of the thread that called it.
 */
#include <stdlib.h>
#include <string.h>
#include <minios/hypercall.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include <minios/time.h>

#define STACK_PAGES 8
#define NO_DEADLINE UINT64_MAX

struct thread {
	char name[16];
	unsigned long sp;		/* saved by switch_context */
	void *stack;			/* NULL for the boot thread */
	int runnable;
	uint64_t deadline;		/* wake at this system time */
	struct thread *next;		/* ring of all threads */
	struct thread *wait_next;	/* waitqueue link */
};

/* entry.S */
void switch_context(unsigned long *save_sp, unsigned long new_sp);
void thread_start(void);

static struct thread boot_thread = { .name = "boot", .runnable = 1,
				     .deadline = NO_DEADLINE };
static struct thread *current = &boot_thread;
static struct thread *zombie;	/* dead thread whose stack awaits freeing */

void sched_init(void)
{
	boot_thread.next = &boot_thread;
}

/*
 * A new thread's stack holds what switch_context pops (r15, r14, r13,
 * r12 = arg, rbx = fn, rbp) and then "returns" into thread_start with
 * the stack 16-byte aligned.
 */
struct thread *create_thread(const char *name, void (*fn)(void *), void *arg)
{
	struct thread *t = calloc(1, sizeof(*t));
	unsigned long *sp, flags;

	if (!t)
		return NULL;
	t->stack = alloc_pages(STACK_PAGES);
	if (!t->stack) {
		free(t);
		return NULL;
	}
	strncpy(t->name, name, sizeof(t->name) - 1);
	sp = (unsigned long *)((char *)t->stack + STACK_PAGES * PAGE_SIZE);
	*--sp = (unsigned long)thread_start;
	*--sp = 0;				/* rbp */
	*--sp = (unsigned long)fn;		/* rbx */
	*--sp = (unsigned long)arg;		/* r12 */
	*--sp = 0;				/* r13 */
	*--sp = 0;				/* r14 */
	*--sp = 0;				/* r15 */
	t->sp = (unsigned long)sp;
	t->deadline = NO_DEADLINE;
	t->runnable = 1;

	flags = events_save_disable();
	t->next = current->next;
	current->next = t;
	events_restore(flags);
	return t;
}

static void unlink_thread(struct thread *t)
{
	struct thread *p = t;

	while (p->next != t)
		p = p->next;
	p->next = t->next;
}

static void reap_zombie(void)
{
	struct thread *z = zombie;

	if (!z || z == current)
		return;
	zombie = NULL;
	if (z->stack) {
		free_pages(z->stack, STACK_PAGES);
		free(z);
	}
}

/*
 * Next runnable thread in ring order after current, current itself last
 * (an exiting thread is already out of the ring).  Events masked.
 */
static struct thread *pick_next(uint64_t now, uint64_t *earliest)
{
	struct thread *start = current->next, *t = start;

	*earliest = NO_DEADLINE;
	do {
		if (!t->runnable && t->deadline <= now)
			wake(t);
		if (t->runnable)
			return t;
		if (t->deadline < *earliest)
			*earliest = t->deadline;
		t = t->next;
	} while (t != start);
	return NULL;
}

void schedule(void)
{
	unsigned long flags = events_save_disable();
	struct thread *prev = current, *next;
	uint64_t earliest;

	while (!(next = pick_next(monotonic_ns(), &earliest))) {
		if (earliest != NO_DEADLINE)
			timer_set_deadline(earliest);
		/* Atomically unmasks events and sleeps until one is pending. */
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
		events_save_disable();
	}
	if (next != prev) {
		current = next;
		switch_context(&prev->sp, next->sp);
	}
	reap_zombie();
	events_restore(flags);
}

void wake(struct thread *t)
{
	t->runnable = 1;
	t->deadline = NO_DEADLINE;
}

void sleep_until(uint64_t deadline_ns)
{
	unsigned long flags = events_save_disable();

	current->runnable = 0;
	current->deadline = deadline_ns;
	events_restore(flags);
	schedule();
}

void msleep(uint32_t ms)
{
	sleep_until(monotonic_ns() + MSEC(ms));
}

/* Called with events masked (wait_event). */
void wait_prepare(struct waitqueue *wq)
{
	current->runnable = 0;
	current->wait_next = wq->head;
	wq->head = current;
}

void wait_finish(struct waitqueue *wq)
{
	struct thread **p;

	for (p = &wq->head; *p; p = &(*p)->wait_next) {
		if (*p == current) {
			*p = current->wait_next;
			break;
		}
	}
	current->wait_next = NULL;
}

void wake_up(struct waitqueue *wq)
{
	for (struct thread *t = wq->head; t; t = t->wait_next)
		wake(t);
}

void thread_exit(void)
{
	events_save_disable();
	reap_zombie();
	current->runnable = 0;
	unlink_thread(current);
	zombie = current;
	/* current->next still leads into the ring for pick_next. */
	schedule();
	panic("dead thread %s was scheduled", current->name);
}
