/*
 * Software timers: a sorted list per CPU; the LAPIC timer is always
 * programmed for the head of the local list.
 */
#include <xen-core/timer.h>
#include <xen-core/apic.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/percpu.h>
#include <xen-core/smp.h>
#include <xen-core/spinlock.h>
#include <xen-core/traps.h>

struct timer_queue {
	spinlock_t lock;
	struct list_head list;
};

static struct timer_queue queues[NR_CPUS];

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu)
{
	list_init(&t->elem);
	t->fn = fn;
	t->data = data;
	t->cpu = cpu;
	t->active = false;
}

static void reprogram_local(struct timer_queue *q)
{
	s_time_t next = 0;

	if (!list_empty(&q->list))
		next = list_first_entry(&q->list, struct timer, elem)->expires;
	apic_set_timer(next);
}

static void insert_sorted(struct timer_queue *q, struct timer *t)
{
	struct timer *pos;

	list_for_each_entry(pos, &q->list, elem) {
		if (pos->expires > t->expires) {
			list_add_tail(&t->elem, &pos->elem);
			return;
		}
	}
	list_add_tail(&t->elem, &q->list);
}

/*
 * The LAPIC is reprogrammed with the queue locked: programmed outside
 * it, a head read before an interrupt that re-programmed an earlier
 * deadline would overwrite that deadline with a later one.
 */
void set_timer(struct timer *t, s_time_t expires)
{
	struct timer_queue *q = &queues[t->cpu];
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool first, local = t->cpu == smp_processor_id();

	if (t->active)
		list_del(&t->elem);
	t->expires = expires;
	t->active = true;
	insert_sorted(q, t);
	first = q->list.next == &t->elem;
	if (first && local)
		reprogram_local(q);
	spin_unlock_irqrestore(&q->lock, flags);
	if (first && !local)
		smp_send_event_check(t->cpu);
}

void stop_timer(struct timer *t)
{
	struct timer_queue *q = &queues[t->cpu];
	unsigned long flags = spin_lock_irqsave(&q->lock);

	if (t->active) {
		list_del(&t->elem);
		t->active = false;
	}
	spin_unlock_irqrestore(&q->lock, flags);
}

/*
 * Moves @t to @cpu's queue.  Only the CPU its owner runs on may call
 * this (nobody else sets or moves it meanwhile); the old CPU may be
 * firing it, which its queue lock orders.
 */
void migrate_timer(struct timer *t, unsigned int cpu)
{
	struct timer_queue *old = &queues[t->cpu];
	unsigned long flags;
	bool active;

	if (t->cpu == cpu)
		return;
	flags = spin_lock_irqsave(&old->lock);
	active = t->active;
	if (active) {
		list_del(&t->elem);
		t->active = false;
	}
	t->cpu = cpu;
	spin_unlock_irqrestore(&old->lock, flags);
	if (active)
		set_timer(t, t->expires);
}

void timer_softirq(void)
{
	struct timer_queue *q = &queues[smp_processor_id()];
	unsigned long flags = spin_lock_irqsave(&q->lock);
	s_time_t now = NOW();

	while (!list_empty(&q->list)) {
		struct timer *t = list_first_entry(&q->list, struct timer, elem);

		if (t->expires > now)
			break;
		list_del(&t->elem);
		t->active = false;
		spin_unlock(&q->lock);
		t->fn(t->data);
		spin_lock(&q->lock);
	}
	reprogram_local(q);
	spin_unlock_irqrestore(&q->lock, flags);
}

static void timer_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	timer_softirq();
}

static void dump_timer_queues(unsigned char key)
{
	s_time_t now = NOW();
	unsigned int cpu;

	printk("'%c' pressed -> dumping timer queues (now %ld ns)\n", key, now);
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct timer_queue *q = &queues[cpu];
		unsigned long flags = spin_lock_irqsave(&q->lock);
		struct timer *t;

		printk("CPU%u:\n", cpu);
		list_for_each_entry(t, &q->list, elem)
			printk("  expires in %ld ns: fn %p data %p\n",
			       t->expires - now, t->fn, t->data);
		spin_unlock_irqrestore(&q->lock, flags);
	}
}

void timers_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++) {
		queues[i].lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
		list_init(&queues[i].list);
	}
	set_irq_handler(LOCAL_TIMER_VECTOR, timer_interrupt);
	register_debug_key('a', dump_timer_queues, "dump timer queues");
}
