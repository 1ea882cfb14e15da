/*
 * Domains and vCPUs.  A vCPU's guest frame lives in struct vcpu while
 * it is not loaded on a CPU, and in that CPU's cpu_info while it is.
 */
#ifndef XEN_CORE_DOMAIN_H
#define XEN_CORE_DOMAIN_H

#include <xen-core/public.h>
#include <xen-core/mm.h>
#include <xen-core/percpu.h>
#include <xen-core/spinlock.h>
#include <xen-core/time.h>
#include <xen-core/cmdline.h>
#include <xen-core/multiboot2.h>
#include <xen-core/timer.h>

#define MAX_VIRT_CPUS_PER_DOMAIN	XEN_LEGACY_MAX_VCPUS
#define NR_EVTCHN_PORTS			4096	/* 2-level ABI: 64 * 64 */
/* Xen gives a domain room for ports in buckets of this many, on demand. */
#define EVTCHNS_PER_BUCKET		64

enum evtchn_state {
	ECS_FREE, ECS_RESERVED, ECS_UNBOUND, ECS_INTERDOMAIN, ECS_VIRQ, ECS_IPI,
};

struct evtchn {
	uint8_t state;		/* enum evtchn_state */
	uint8_t pending_notify;
	uint16_t notify_vcpu;
	union {
		domid_t remote_domid;			/* ECS_UNBOUND */
		struct { domid_t dom; uint16_t port; } interdomain;
		uint16_t virq;				/* ECS_VIRQ */
	} u;
};

/* The VMASST_TYPE_* bits a 64-bit PV domain may set (Xen's PV64 mask). */
#define PV_VM_ASSIST_MASK					\
	((1ULL << VMASST_TYPE_4gb_segments) |			\
	 (1ULL << VMASST_TYPE_4gb_segments_notify) |		\
	 (1ULL << VMASST_TYPE_writable_pagetables) |		\
	 (1ULL << VMASST_TYPE_pae_extended_cr3) |		\
	 (1ULL << VMASST_TYPE_architectural_iopl) |		\
	 (1ULL << VMASST_TYPE_runstate_update_flag) |		\
	 (1ULL << VMASST_TYPE_m2p_strict))

/* No shutdown code yet (Xen's value). */
#define SHUTDOWN_CODE_INVALID	(~0U)

/* Why a vCPU cannot run; it runs when none of these is set. */
#define VPF_blocked	0x01	/* SCHEDOP_block, waiting for an event */
#define VPF_down	0x02	/* not brought up (or VCPUOP_down) */
#define VPF_paused	0x04	/* its domain is paused */
#define VPF_polling	0x08	/* SCHEDOP_poll */
#define VPF_dead	0x10	/* domain shut down or dying */

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	unsigned int processor;		/* the CPU whose run queue holds it */
	unsigned int pause_flags;	/* VPF_* */
	bool running;			/* loaded on its CPU now */
	bool on_runq;
	struct list_head runq_elem;
	s_time_t slice_start;
	uint64_t runstate_time[4];	/* RUNSTATE_* totals, ns */
	int runstate;
	s_time_t runstate_entry;
	struct vcpu_runstate_info *runstate_guest;	/* guest VA, or NULL */

	struct cpu_regs regs;		/* guest frame while not loaded */
	uint8_t fpu[512] __attribute__((aligned(16)));

	/* PV state */
	bool in_kernel;
	struct trap_info trap_ctxt[256];
	unsigned long event_callback;
	unsigned long failsafe_callback;
	unsigned long syscall_callback;
	bool syscall_masks_events;
	bool failsafe_masks_events;
	unsigned long kernel_ss, kernel_sp;
	unsigned long guest_table;	/* kernel L4 MFN */
	unsigned long guest_table_user;	/* user L4 MFN, 0 if none */
	unsigned long fs_base, gs_base_kernel, gs_base_user;
	uint16_t sel_ds, sel_es, sel_fs, sel_gs;	/* while not loaded */
	bool failsafe_pending;		/* a selector failed to load */
	unsigned int iopl;		/* virtual IOPL (PHYSDEVOP_set_iopl) */
	unsigned long debugreg[8];
	bool fpu_taskswitched;		/* CR0.TS as the guest set it */
	unsigned long gdt_frames[14];	/* FIRST_RESERVED_GDT_PAGE */
	unsigned int gdt_ents;
	unsigned long ldt_base;		/* guest linear address */
	unsigned long ldt_frames[16];	/* LDT_MAX_PAGES */
	unsigned int ldt_ents;

	struct vcpu_info *vcpu_info;	/* in shared_info or a registered page */
	unsigned long vcpu_info_mfn;	/* 0: the shared_info slot */
	uint64_t timer_deadline;	/* system time ns; 0: none */
	uint16_t virq_to_port[NR_VIRQS];
	uint16_t poll_port;		/* SCHEDOP_poll with one port */

	unsigned long crashed_cr2;
	struct timer singleshot_timer;
	struct timer poll_timer;
};

#define UNIMPLEMENTED_LOGGED	16

struct domain {
	domid_t domain_id;
	uint32_t serial;		/* creation count: tells reused ids apart */
	bool is_privileged;
	bool is_dying;
	bool is_shutting_down;
	bool is_shut_down;
	unsigned int controller_pause_count;	/* the toolstack's pauses */
	unsigned int shutdown_code;	/* SHUTDOWN_*: the first one set wins */
	int pause_count;
	spinlock_t lock;		/* pages, event channels */
	spinlock_t page_alloc_lock;
	struct list_head page_list;
	unsigned long tot_pages, max_pages;
	struct shared_info *shared_info;
	unsigned long shared_info_mfn;
	unsigned int max_vcpus;
	struct vcpu *vcpus[MAX_VIRT_CPUS_PER_DOMAIN];
	struct evtchn evtchn[NR_EVTCHN_PORTS];
	unsigned int valid_evtchns;	/* ports below exist, as Xen's buckets */
	unsigned int max_evtchn_port;	/* createdomain's limit */
	xen_domain_handle_t handle;
	uint64_t vm_assist;		/* VMASST_TYPE_* bits */
	uint32_t pci_cf8;		/* its view of 0xCF8 (pci.h) */
	struct domain *next;		/* in the domain list */
	char crash_reason[128];
	/* (hypercall, sub-op) pairs logged as unimplemented (hypercall.c). */
	uint32_t unimplemented_logged[UNIMPLEMENTED_LOGGED];
	unsigned int nr_unimplemented_logged;
	struct {
		unsigned int nr_frames, max_frames;
		unsigned long frames[64];	/* shared grant-table MFNs */
		struct active_grant *active[64];	/* per frame, 512 each */
		/* This domain's mappings of others' grants, by handle. */
		struct maptrack_entry **maptrack;	/* per frame */
		unsigned int maptrack_frames, max_maptrack_frames;
		unsigned int maptrack_free;		/* first free handle */
	} gnttab;
};

extern struct domain *dom0;
extern struct domain *domain_list;

struct domain *domain_create(domid_t id, unsigned int max_vcpus,
			     bool privileged);
struct vcpu *vcpu_create(struct domain *d, unsigned int id,
			 unsigned int processor);
struct domain *domain_by_id(domid_t id);

/* Gives @d a newly allocated frame; NULL when out of memory or quota. */
struct page_info *alloc_domain_page(struct domain *d);
void assign_page(struct domain *d, struct page_info *pg);
/*
 * A frame xen-core writes for the domain's whole life (shared_info, the
 * grant table), shared with its owner @id as Xen shares it; freed only
 * with the domain, by free_xen_shared_page().
 */
struct page_info *alloc_xen_shared_page(domid_t id);
void free_xen_shared_page(struct page_info *pg);
/* decrease_reservation of such a frame: whether it counts as done. */
bool give_back_xen_shared_page(struct page_info *pg);
/* Takes @pg from @d (freed once nothing else references it). */
void domain_release_page(struct domain *d, struct page_info *pg);

void domain_shutdown(struct domain *d, unsigned int reason);
void set_shutdown_code(struct domain *d, unsigned int code);
/* Tears @d down and returns all its memory (XEN_DOMCTL_destroydomain). */
void domain_destroy(struct domain *d);
/* A free domain id for XEN_DOMCTL_createdomain, or DOMID_INVALID. */
domid_t domain_free_id(void);
/* Kills @d for a fault it cannot handle and records why. */
void domain_crash(struct domain *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

void arch_vcpu_init(struct vcpu *v);
/* Xen's default limit on a domain's mapping handles, in frames of 256. */
#define DEFAULT_MAX_MAPTRACK_FRAMES	1024
int gnttab_init(struct domain *d);
void gnttab_release(struct domain *d);
/* @d's device mappings of grants, each holding references (page audit). */
void gnttab_for_each_device_map(struct domain *d,
				void (*fn)(unsigned long mfn, bool writable));
void vcpu_timers_init(struct vcpu *v);
void vcpu_update_runstate_area(struct vcpu *v);
void domain_keyhandlers_init(void);

struct xen_domctl_getdomaininfo;
void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info);
struct domain *first_domain_from(domid_t id);

/* Building the control domain from the first boot module. */
void construct_dom0(const struct boot_info *bi, const struct boot_options *opts);

static inline struct vcpu_info *vcpu_info_of(struct vcpu *v)
{
	return v->vcpu_info;
}

#endif
