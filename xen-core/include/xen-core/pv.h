/*
 * The PV guest machine: bounce frames to guest handlers, guest-mode
 * switching, privileged-instruction emulation, hypercall dispatch.
 */
#ifndef XEN_CORE_PV_H
#define XEN_CORE_PV_H

#include <xen-core/domain.h>
#include <xen-core/errno.h>

#define TBF_EXCEPTION_ERRCODE	0x01
#define TBF_INTERRUPT		0x02	/* mask events on entry */
#define TBF_FAILSAFE		0x04

void pv_handle_exception(struct cpu_regs *regs);
/* Builds a frame on the guest kernel stack and redirects to @handler. */
bool pv_bounce(struct vcpu *v, struct cpu_regs *regs, unsigned long handler,
	       unsigned int tbf, uint32_t error_code);
/* Reflects exception @vector to the guest's trap table entry. */
void pv_inject_trap(struct vcpu *v, struct cpu_regs *regs, unsigned int vector,
		    bool has_error_code, uint32_t error_code);
void toggle_guest_mode(struct vcpu *v);

/* Returns true if it emulated the instruction at regs->rip. */
bool pv_emulate_privileged_op(struct cpu_regs *regs);
bool pv_emulate_forced_cpuid(struct cpu_regs *regs);
/* in/out (port_io.c); @len gets the instruction's length from @op. */
bool pv_iopl_allows(const struct vcpu *v);
bool pv_emulate_port_io(struct vcpu *v, struct cpu_regs *regs,
			const uint8_t *op, bool opsize16, unsigned int *len);
/* Fills a hypercall page (Xen's layout) for a guest that asks for one. */
void pv_write_hypercall_page(uint8_t *page);
/* Emulates a guest kernel's store into one of its (read-only) L1 tables. */
bool pv_ptwr_emulate(struct vcpu *v, struct cpu_regs *regs, unsigned long cr2);
void guest_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t subleaf,
		 uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d);

/* Hypercalls implemented in the PV layer. */
long do_set_trap_table(const struct trap_info *traps);
long do_set_callbacks(unsigned long event, unsigned long failsafe,
		      unsigned long syscall);
long do_callback_op(int cmd, unsigned long arg);
long do_iret(struct cpu_regs *regs);
long do_stack_switch(unsigned long ss, unsigned long esp);
long do_set_segment_base(unsigned int which, unsigned long base);
long do_fpu_taskswitch(int set);

/* A vCPU's state before it first runs (domctl setvcpucontext,
 * VCPUOP_initialise). */
int pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c);

/* Guest debug registers (debugreg.c). */
void load_guest_debugregs(struct vcpu *v);	/* NULL: none */
void load_host_debugregs(void);
extern bool opt_test_syscall_breakpoint;
/* Tests only: dom0's p2m in random order (dom0_build.c). */
extern bool opt_test_dom0_pfn_shuffle;
void pv_note_debug_trap(struct vcpu *v);
void debug_trap_in_hypervisor(struct cpu_regs *regs);

/* Guest descriptor tables (descriptor_tables.c). */
bool check_descriptor(uint64_t *desc);
bool validate_descriptor_page(unsigned long mfn);
/* The frames a GDT or LDT of @ents descriptors spans. */
unsigned int desc_table_frames(unsigned int ents);
int pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned int entries);
void pv_destroy_gdt(struct vcpu *v);
void load_guest_gdt(struct vcpu *v);
/* mmuext_op SET_LDT: @ents descriptors at guest address @base. */
int pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
void pv_destroy_ldt(struct vcpu *v);
void load_guest_ldt(struct vcpu *v);
long do_set_gdt(unsigned long frame_list, unsigned int entries);
long do_update_descriptor(uint64_t maddr, uint64_t desc);

#endif
