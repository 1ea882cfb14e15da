/*
 * Per-CPU descriptor tables.  Each CPU has a 16-page GDT whose last two
 * pages hold xen-core's selectors at Xen's fixed positions (0xe008...),
 * so FLAT_RING3_CS64/SS64 and SYSCALL/SYSRET work as PV guests expect.
 */
#include <xen-core/cpu.h>
#include <xen-core/console.h>
#include <xen-core/io.h>
#include <xen-core/mm.h>
#include <xen-core/pv.h>

#define IDT_ENTRIES	256
/*
 * #DF, NMI, #MC and #DB run on stacks of their own (IST), two pages each
 * at the bottom of the CPU's STACK_SIZE block, so that get_cpu_info()
 * still finds the block's cpu_info from %rsp: IST n uses pages 2n-2 and
 * 2n-1.  #DB needs one because SYSCALL does not switch stacks: a #DB at
 * the SYSCALL entry (XSA-260) would otherwise be pushed onto the
 * guest's stack, in ring 0.
 */
#define IST_DF		1
#define IST_NMI		2
#define IST_MC		3
#define IST_DB		4
#define IST_PAGES	2

struct idt_entry {
	uint16_t offset_lo, selector;
	uint8_t ist, type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
};

unsigned int nr_cpus = 1;
struct cpu_info *cpu_infos[NR_CPUS];
bool cpu_has_smep, cpu_has_smap;

static struct idt_entry idt[IDT_ENTRIES] __attribute__((aligned(16)));
static uint64_t *gdts[NR_CPUS];
static struct tss64 tss[NR_CPUS] __attribute__((aligned(64)));

extern char vector_stubs[], syscall_entry[], cstar_entry[];

static const uint64_t reserved_gdt_entries[] = {
	0,
	0x00af9b000000ffffUL,	/* 0xe008 ring 0 code, 64-bit */
	0x00cf93000000ffffUL,	/* 0xe010 ring 0 data */
	0,
	0x00cffb000000ffffUL,	/* 0xe023 ring 3 code, compatibility */
	0x00cff3000000ffffUL,	/* 0xe02b ring 3 data */
	0x00affb000000ffffUL,	/* 0xe033 ring 3 code, 64-bit */
	0x00cf9b000000ffffUL,	/* 0xe038 ring 0 code, compatibility */
};

static void set_idt_gate(unsigned int vec, void *handler, unsigned int ist,
			 unsigned int dpl)
{
	unsigned long a = (unsigned long)handler;

	idt[vec].offset_lo = a & 0xffff;
	idt[vec].selector = __HYPERVISOR_CS;
	idt[vec].ist = ist;
	idt[vec].type_attr = 0x8e | (dpl << 5);	/* present interrupt gate */
	idt[vec].offset_mid = (a >> 16) & 0xffff;
	idt[vec].offset_hi = a >> 32;
	idt[vec].reserved = 0;
}

void idt_init(void)
{
	unsigned int v;

	for (v = 0; v < IDT_ENTRIES; v++)
		set_idt_gate(v, vector_stubs + 16 * v, 0, 0);
	set_idt_gate(2, vector_stubs + 16 * 2, IST_NMI, 0);
	set_idt_gate(8, vector_stubs + 16 * 8, IST_DF, 0);
	set_idt_gate(18, vector_stubs + 16 * 18, IST_MC, 0);
	set_idt_gate(1, vector_stubs + 16 * 1, IST_DB, 0);
	/* int3 from a guest (kernel or user) must arrive as #BP, not #GP. */
	set_idt_gate(3, vector_stubs + 16 * 3, 0, 3);
}

uint64_t *cpu_gdt(unsigned int cpu)
{
	return gdts[cpu];
}

static void install_tss_descriptor(uint64_t *gdt, const struct tss64 *t)
{
	unsigned long base = (unsigned long)t, limit = sizeof(*t) - 1;
	uint64_t *d = &gdt[TSS_SELECTOR / 8];

	d[0] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
	       (0x89UL << 40) | (((limit >> 16) & 0xf) << 48) |
	       (((base >> 24) & 0xff) << 56);
	d[1] = base >> 32;
}

static void load_descriptor_tables(uint64_t *gdt)
{
	struct desc_ptr gdtr = { GDT_PAGES * PAGE_SIZE - 1, (uint64_t)gdt };
	struct desc_ptr idtr = { sizeof(idt) - 1, (uint64_t)idt };

	asm volatile("lgdt %0" : : "m"(gdtr));
	asm volatile("lidt %0" : : "m"(idtr));
	/* Reload CS through a far return, then the data segments. */
	asm volatile("pushq %0\n\t"
		     "leaq 1f(%%rip), %%rax\n\t"
		     "pushq %%rax\n\t"
		     "lretq\n"
		     "1:\n\t"
		     "mov %1, %%ss\n\t"
		     "mov %1, %%ds\n\t"
		     "mov %1, %%es\n\t"
		     : : "i"(__HYPERVISOR_CS), "r"(__HYPERVISOR_DS) : "rax", "memory");
	asm volatile("ltr %w0" : : "r"(TSS_SELECTOR));
}

static uint64_t ist_stack_top(struct cpu_info *ci, unsigned int ist)
{
	char *block = (char *)(ci + 1) - STACK_SIZE;

	return (uint64_t)(block + ist * IST_PAGES * PAGE_SIZE);
}

static void detect_features(void)
{
	uint32_t a, b, c, d;

	cpuid_count(7, 0, &a, &b, &c, &d);
	cpu_has_smep = b & (1U << 7);
	cpu_has_smap = b & (1U << 20);
}

void cpu_init(struct cpu_info *ci)
{
	unsigned int cpu = ci->cpu;
	struct tss64 *t = &tss[cpu];
	uint64_t *gdt = alloc_xen_pages(4);	/* 16 pages */
	unsigned long cr4;

	BUG_ON(!gdt);
	gdts[cpu] = gdt;
	memcpy(&gdt[FIRST_RESERVED_GDT_ENTRY], reserved_gdt_entries,
	       sizeof(reserved_gdt_entries));
	memset(t, 0, sizeof(*t));
	t->rsp0 = (uint64_t)(&ci->guest_regs + 1);
	t->ist[IST_DF - 1] = ist_stack_top(ci, IST_DF);
	t->ist[IST_NMI - 1] = ist_stack_top(ci, IST_NMI);
	t->ist[IST_MC - 1] = ist_stack_top(ci, IST_MC);
	t->ist[IST_DB - 1] = ist_stack_top(ci, IST_DB);
	t->iomap_base = sizeof(*t);	/* no I/O bitmap: ring 3 port I/O traps */
	install_tss_descriptor(gdt, t);
	load_descriptor_tables(gdt);

	ci->guest_frame_top = (uint64_t)(&ci->guest_regs + 1);
	wrmsr(MSR_SHADOW_GS_BASE, (uint64_t)ci);	/* KERNEL_GS_BASE */
	wrmsr(MSR_GS_BASE, 0);
	wrmsr(MSR_STAR, ((uint64_t)(0xe023) << 48) |
			((uint64_t)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_CSTAR, (uint64_t)cstar_entry);
	wrmsr(MSR_SYSCALL_MASK, X86_EFLAGS_TF | X86_EFLAGS_IF | X86_EFLAGS_DF |
				X86_EFLAGS_NT | X86_EFLAGS_IOPL | X86_EFLAGS_AC);

	detect_features();
	cr4 = read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT;
	if (cpu_has_smep)
		cr4 |= X86_CR4_SMEP;
	if (cpu_has_smap)
		cr4 |= X86_CR4_SMAP;
	write_cr4(cr4);
	load_host_debugregs();
}
