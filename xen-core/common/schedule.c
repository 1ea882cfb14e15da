/*
 * Round-robin scheduling of vCPUs on per-CPU run queues.
 *
 * A vCPU is runnable when its pause_flags are clear.  It sits on the run
 * queue of v->processor while runnable and not running.  exit_to_guest()
 * is the only place a CPU switches vCPUs: it saves the outgoing frame,
 * picks the next one, or idles with interrupts on until something wakes.
 */
#include <xen-core/sched.h>
#include <xen-core/quiesce.h>
#include <xen-core/apic.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/smp.h>
#include <xen-core/timer.h>
#include <xen-core/traps.h>

#define TIME_SLICE	MILLISECS(10)

struct runqueue {
	spinlock_t lock;
	struct list_head list;
	struct timer slice_timer;
	bool need_resched;
	unsigned long switches;
};

static struct runqueue runqs[NR_CPUS];
static unsigned int next_cpu_for_vcpu;

static bool vcpu_runnable(const struct vcpu *v)
{
	return v->pause_flags == 0;
}

void raise_schedule(void)
{
	runqs[smp_processor_id()].need_resched = true;
}

unsigned int pick_cpu_for_new_vcpu(void)
{
	return __atomic_fetch_add(&next_cpu_for_vcpu, 1, __ATOMIC_RELAXED) %
	       nr_cpus;
}

static void enqueue_locked(struct runqueue *rq, struct vcpu *v)
{
	if (!v->on_runq && !v->running && vcpu_runnable(v)) {
		list_add_tail(&v->runq_elem, &rq->list);
		v->on_runq = true;
	}
}

static void set_runstate(struct vcpu *v, int state)
{
	s_time_t now = NOW();

	v->runstate_time[v->runstate] += now - v->runstate_entry;
	v->runstate = state;
	v->runstate_entry = now;
}

/* Locks @v's run queue; @v may move to another CPU until we hold it. */
static struct runqueue *lock_runq_of(struct vcpu *v, unsigned long *flags)
{
	for (;;) {
		struct runqueue *rq = &runqs[v->processor];

		*flags = spin_lock_irqsave(&rq->lock);
		if (rq == &runqs[v->processor])
			return rq;
		spin_unlock_irqrestore(&rq->lock, *flags);
	}
}

void vcpu_set_pause_flag(struct vcpu *v, unsigned int flag)
{
	unsigned long flags;
	struct runqueue *rq = lock_runq_of(v, &flags);

	v->pause_flags |= flag;
	if (v->on_runq) {
		list_del(&v->runq_elem);
		v->on_runq = false;
	}
	if (!v->running)
		set_runstate(v, (v->pause_flags & (VPF_down | VPF_dead)) ?
			     RUNSTATE_offline : RUNSTATE_blocked);
	spin_unlock_irqrestore(&rq->lock, flags);
	if (v->running) {
		if (v->processor == smp_processor_id())
			raise_schedule();
		else
			smp_send_event_check(v->processor);
	}
}

void vcpu_clear_pause_flag(struct vcpu *v, unsigned int flag)
{
	unsigned long flags;
	struct runqueue *rq = lock_runq_of(v, &flags);
	bool woke;

	v->pause_flags &= ~flag;
	woke = vcpu_runnable(v) && !v->running && !v->on_runq;
	if (woke) {
		set_runstate(v, RUNSTATE_runnable);
		enqueue_locked(rq, v);
	}
	spin_unlock_irqrestore(&rq->lock, flags);
	if (woke && v->processor != smp_processor_id())
		smp_send_event_check(v->processor);
}

void vcpu_kick(struct vcpu *v)
{
	if (v->pause_flags & (VPF_blocked | VPF_polling))
		vcpu_clear_pause_flag(v, VPF_blocked | VPF_polling);
	else if (v->running && v->processor != smp_processor_id())
		smp_send_event_check(v->processor);
}

static void slice_expired(void *data)
{
	runqs[smp_processor_id()].need_resched = true;
}

/*
 * A vCPU's timers live on the CPU it runs on.  They move when it starts
 * running here, not when another CPU steals it from a run queue: a
 * queued vCPU can be stolen again before such a move is done, and two
 * CPUs moving one timer at once lost it (and with it a Linux CPU's tick).
 */
static void follow_vcpu_timers(struct vcpu *v)
{
	migrate_timer(&v->singleshot_timer, v->processor);
	migrate_timer(&v->poll_timer, v->processor);
}

static void context_switch(struct runqueue *rq, struct vcpu *prev,
			   struct vcpu *next, struct cpu_regs *frame)
{
	struct cpu_info *ci = get_cpu_info();

	if (prev) {
		arch_save_vcpu(prev, frame);
		prev->running = false;
		set_runstate(prev, vcpu_runnable(prev) ? RUNSTATE_runnable :
			     (prev->pause_flags & (VPF_down | VPF_dead)) ?
			     RUNSTATE_offline : RUNSTATE_blocked);
		enqueue_locked(rq, prev);
	}
	ci->curr_vcpu = next;
	if (next) {
		next->running = true;
		set_runstate(next, RUNSTATE_running);
		next->slice_start = NOW();
		arch_load_vcpu(next, frame);
		vcpu_update_runstate_area(next);
		rq->switches++;
	} else {
		arch_load_idle();
	}
}

static struct vcpu *pick_next_locked(struct runqueue *rq)
{
	struct vcpu *v;

	if (list_empty(&rq->list))
		return NULL;
	v = list_first_entry(&rq->list, struct vcpu, runq_elem);
	list_del(&v->runq_elem);
	v->on_runq = false;
	return v;
}

/*
 * An idle CPU takes a waiting vCPU from another CPU's queue, so busy
 * domains spread over all CPUs.  The other queue is only try-locked: no
 * CPU ever waits for a second run-queue lock while holding one.
 */
static bool steal_vcpu(struct runqueue *rq)
{
	unsigned int me = smp_processor_id(), i;

	for (i = 1; i < nr_cpus; i++) {
		struct runqueue *other = &runqs[(me + i) % nr_cpus];
		struct vcpu *v;

		if (list_empty(&other->list) || !spin_trylock(&other->lock))
			continue;
		v = pick_next_locked(other);
		if (v) {
			v->processor = me;
			spin_lock(&rq->lock);
			enqueue_locked(rq, v);
			spin_unlock(&rq->lock);
		}
		spin_unlock(&other->lock);
		if (v)
			return true;
	}
	return false;
}

/*
 * Zeroes a batch of free memory if any is left to zero, with a window
 * for interrupts after it; else halts with interrupts on until one
 * arrives.
 */
static void idle_once(void)
{
	console_poll_input();
	if (scrub_free_pages())
		asm volatile("sti; nop; cli" : : : "memory");
	else
		asm volatile("sti; hlt; cli" : : : "memory");
}

/*
 * Called with interrupts off on every return to a guest.  Leaves a
 * runnable vCPU's frame in @frame, with any pending event upcall set up.
 */
void exit_to_guest(struct cpu_regs *frame)
{
	struct runqueue *rq = &runqs[smp_processor_id()];

	for (;;) {
		struct vcpu *prev = current, *next;

		quiesce_point();
		if (prev && vcpu_runnable(prev) && !rq->need_resched) {
			deliver_pending_upcall(prev, frame);
			if (vcpu_runnable(prev))
				return;
			continue;	/* delivering crashed it */
		}
		rq->need_resched = false;
		spin_lock(&rq->lock);
		if (prev && vcpu_runnable(prev) && list_empty(&rq->list)) {
			spin_unlock(&rq->lock);	/* nobody else wants the CPU */
			set_timer(&rq->slice_timer, NOW() + TIME_SLICE);
			continue;
		}
		next = pick_next_locked(rq);
		if (next != prev)
			context_switch(rq, prev, next, frame);
		spin_unlock(&rq->lock);
		if (next) {
			follow_vcpu_timers(next);
			set_timer(&rq->slice_timer, NOW() + TIME_SLICE);
			continue;
		}
		stop_timer(&rq->slice_timer);
		if (!steal_vcpu(rq))
			idle_once();
	}
}

static void event_check_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	timer_softirq();
}

void scheduler_init(void)
{
	unsigned int i;

	for (i = 0; i < NR_CPUS; i++) {
		runqs[i].lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
		list_init(&runqs[i].list);
		init_timer(&runqs[i].slice_timer, slice_expired, NULL, i);
	}
	set_irq_handler(EVENT_CHECK_VECTOR, event_check_interrupt);
	register_debug_key('r', dump_runqueues, "dump run queues");
}

extern void reset_stack_and_enter_guest(struct cpu_regs *frame)
	__attribute__((noreturn));

/* A guest-looking frame with no vCPU: restore_all schedules straight away. */
void start_scheduling(void)
{
	struct cpu_info *ci = get_cpu_info();

	memset(&ci->guest_regs, 0, sizeof(ci->guest_regs));
	ci->guest_regs.cs = FLAT_KERNEL_CS;
	ci->curr_vcpu = NULL;
	reset_stack_and_enter_guest(&ci->guest_regs);
}

void dump_runqueues(unsigned char key)
{
	unsigned int cpu;

	printk("'%c' pressed -> dumping run queues (now %ld ns)\n", key, NOW());
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct runqueue *rq = &runqs[cpu];
		struct vcpu *v;
		struct vcpu *cur = cpu_infos[cpu]->curr_vcpu;

		printk("CPU%u: %lu switches, running %s", cpu, rq->switches,
		       cur ? "" : "idle");
		if (cur)
			printk("d%uv%u", cur->domain->domain_id, cur->vcpu_id);
		printk("\n");
		list_for_each_entry(v, &rq->list, runq_elem)
			printk("  queued d%uv%u\n", v->domain->domain_id, v->vcpu_id);
	}
}
