/*
 * Writable page tables: a PV kernel may store straight into its own L1
 * page tables, which are mapped read-only; the store faults and is
 * emulated here, through the same checks as mmu_update.  Linux does this
 * for set_pte (mov), ptep_get_and_clear (xchg), ptep_set_wrprotect and
 * the young-bit helpers (lock and/or of one byte, lock btr/bts) and
 * cmpxchg.  Only these instructions are decoded; anything else, or a
 * store the checks refuse, becomes the guest's own page fault.
 */
#include <xen-core/pv.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv_mm.h>
#include <xen-core/traps.h>

#define MAX_INSN	15

enum ptwr_op { OP_MOV, OP_XCHG, OP_CMPXCHG, OP_AND, OP_OR, OP_BTR, OP_BTS };

struct ptwr_insn {
	enum ptwr_op op;
	unsigned int size;	/* operand bytes: 1, 2, 4 or 8 */
	unsigned int reg;	/* register operand, if any */
	bool has_reg;
	uint64_t imm;
	unsigned int length;
};

static uint64_t *gpr_slot(struct cpu_regs *r, unsigned int n)
{
	uint64_t *const slots[16] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi,
		&r->rdi, &r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13,
		&r->r14, &r->r15,
	};

	return slots[n & 15];
}

/* Bytes of ModRM memory addressing after the ModRM byte itself. */
static int modrm_extra(const uint8_t *p, unsigned int avail)
{
	unsigned int mod = p[0] >> 6, rm = p[0] & 7, n = 0;

	if (mod == 3)
		return -1;			/* register operand: no store */
	if (rm == 4) {
		if (avail < 2)
			return -1;
		n++;				/* SIB */
		if (mod == 0 && (p[1] & 7) == 5)
			n += 4;			/* SIB without base: disp32 */
	}
	if (mod == 1)
		n += 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		n += 4;
	return (int)n;
}

/* Fills @in from the opcode at @p; false if it is not one we emulate. */
static bool decode_opcode(const uint8_t *p, unsigned int avail, unsigned int
			  opsize, struct ptwr_insn *in, unsigned int *imm_bytes)
{
	unsigned int ext = (p[1] >> 3) & 7;

	*imm_bytes = 0;
	in->size = opsize;
	in->has_reg = true;
	switch (p[0]) {
	case 0x88: in->size = 1; /* fall through */
	case 0x89: in->op = OP_MOV; return true;
	case 0x86: in->size = 1; /* fall through */
	case 0x87: in->op = OP_XCHG; return true;
	case 0x20: in->size = 1; /* fall through */
	case 0x21: in->op = OP_AND; return true;
	case 0x08: in->size = 1; /* fall through */
	case 0x09: in->op = OP_OR; return true;
	case 0x80:
	case 0x81:
	case 0x83:
	case 0xc7:
		in->has_reg = false;
		if (p[0] == 0x80)
			in->size = 1;
		*imm_bytes = (p[0] == 0x81 || p[0] == 0xc7) ?
			     (opsize == 2 ? 2 : 4) : 1;
		if (p[0] == 0xc7)
			return (in->op = OP_MOV, ext == 0);
		in->op = ext == 4 ? OP_AND : OP_OR;
		return ext == 4 || ext == 1;
	case 0x0f:
		if (avail < 2)
			return false;
		switch (p[1]) {
		case 0xb1: in->op = OP_CMPXCHG; return true;
		case 0xb3: in->op = OP_BTR; return true;
		case 0xab: in->op = OP_BTS; return true;
		case 0xba:
			ext = (p[2] >> 3) & 7;
			in->has_reg = false;
			*imm_bytes = 1;
			in->op = ext == 6 ? OP_BTR : OP_BTS;
			return ext == 6 || ext == 5;
		}
	}
	return false;
}

/*
 * Lock, operand size and segment overrides.  The address comes from CR2,
 * so a segment override changes nothing here; Linux patches LOCK into DS
 * (0x3e) on a single-CPU guest.
 */
static bool is_prefix(uint8_t b)
{
	return b == 0xf0 || b == 0x66 || b == 0x26 || b == 0x2e || b == 0x36 ||
	       b == 0x3e || b == 0x64 || b == 0x65;
}

static bool decode(const uint8_t *p, unsigned int avail, struct ptwr_insn *in)
{
	unsigned int i = 0, opsize = 4, rex = 0, imm_bytes, op_len;
	int extra;

	for (; i < avail && is_prefix(p[i]); i++)
		if (p[i] == 0x66)
			opsize = 2;
	if (i < avail && (p[i] & 0xf0) == 0x40)
		rex = p[i++];
	if (rex & 8)
		opsize = 8;
	if (i + 2 > avail || !decode_opcode(p + i, avail - i, opsize, in,
					      &imm_bytes))
		return false;
	op_len = p[i] == 0x0f ? 2 : 1;
	i += op_len;
	in->reg = ((p[i] >> 3) & 7) | ((rex & 4) ? 8 : 0);
	extra = modrm_extra(p + i, avail - i);
	if (extra < 0)
		return false;
	i += 1 + extra;
	if (i + imm_bytes > avail)
		return false;
	in->imm = 0;
	memcpy(&in->imm, p + i, imm_bytes);
	if (imm_bytes == 4 && (in->imm & 0x80000000U))
		in->imm |= ~0xffffffffULL;		/* sign-extended */
	else if (imm_bytes == 1 && (in->imm & 0x80) && in->op != OP_BTR &&
		 in->op != OP_BTS)
		in->imm |= ~0xffULL;
	in->length = i + imm_bytes;
	return true;
}

static uint64_t size_mask(unsigned int size)
{
	return size == 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* Result flags of and/or: CF = OF = 0, ZF/SF/PF from the result. */
static void set_logic_flags(struct cpu_regs *r, uint64_t res, unsigned int size)
{
	const uint64_t arith = 0x8d5;	/* CF PF AF ZF SF OF */
	uint64_t f = r->rflags & ~arith;

	res &= size_mask(size);
	if (!res)
		f |= 0x40;
	if (res >> (size * 8 - 1))
		f |= 0x80;
	if (!(__builtin_popcount((unsigned int)(res & 0xff)) & 1))
		f |= 0x04;
	r->rflags = f;
}

/* The new operand value, or false if the store must not happen. */
static bool compute(struct cpu_regs *r, const struct ptwr_insn *in,
		    uint64_t old, uint64_t *new)
{
	uint64_t src = in->has_reg ? *gpr_slot(r, in->reg) : in->imm;
	unsigned int bit = (unsigned int)(src & (in->size * 8 - 1));

	switch (in->op) {
	case OP_MOV:
	case OP_XCHG:
		*new = src;
		return true;
	case OP_CMPXCHG:
		if ((r->rax & size_mask(in->size)) != old) {
			r->rflags &= ~0x40UL;
			return false;
		}
		r->rflags |= 0x40;
		*new = src;
		return true;
	case OP_AND:
	case OP_OR:
		*new = in->op == OP_AND ? old & src : old | src;
		set_logic_flags(r, *new, in->size);
		return true;
	case OP_BTR:
	case OP_BTS:
		r->rflags = (r->rflags & ~1UL) | ((old >> bit) & 1);
		*new = in->op == OP_BTR ? old & ~(1ULL << bit) :
					  old | (1ULL << bit);
		return true;
	}
	return false;
}

static void write_back(struct cpu_regs *r, const struct ptwr_insn *in,
		       uint64_t old)
{
	uint64_t *reg = in->op == OP_CMPXCHG ? &r->rax : gpr_slot(r, in->reg);
	uint64_t mask = size_mask(in->size);

	if (in->op != OP_XCHG && in->op != OP_CMPXCHG)
		return;
	if (in->op == OP_CMPXCHG && (r->rflags & 0x40))
		return;			/* success: rax keeps the expected value */
	*reg = in->size == 4 ? (old & mask) : ((*reg & ~mask) | (old & mask));
}

bool pv_ptwr_emulate(struct vcpu *v, struct cpu_regs *regs, unsigned long cr2)
{
	unsigned long l1mfn, leaf_table;
	unsigned int offset = cr2 & (PAGE_SIZE - 1), shift;
	uint8_t bytes[MAX_INSN];
	struct ptwr_insn in;
	uint64_t old_pte, new_pte, old, val;
	size_t got;

	if ((regs->error_code & (PFEC_present | PFEC_write | PFEC_reserved |
				 PFEC_insn)) != (PFEC_present | PFEC_write) ||
	    !v->in_kernel)
		return false;
	if (pv_find_l1_table(v, cr2, &leaf_table))
		return false;
	l1mfn = pte_mfn(((pte_t *)mfn_to_virt(leaf_table))[pt_index(cr2, 1)]);
	got = MAX_INSN - copy_from_guest(bytes, regs->rip, MAX_INSN);
	if (!got || !decode(bytes, got, &in))
		return false;
	if ((offset & 7) + in.size > 8 || (offset & (in.size - 1)))
		return false;		/* must stay inside one aligned PTE */
	if (!mfn_valid(l1mfn))
		return false;
	old_pte = ((pte_t *)mfn_to_virt(l1mfn))[offset / 8];
	shift = (offset & 7) * 8;
	old = (old_pte >> shift) & size_mask(in.size);
	if (!compute(regs, &in, old, &val)) {
		write_back(regs, &in, old);	/* a failed cmpxchg */
		regs->rip += in.length;
		return true;
	}
	new_pte = (old_pte & ~(size_mask(in.size) << shift)) |
		  ((val & size_mask(in.size)) << shift);
	if (pv_write_l1_entry(v, l1mfn, offset / 8, new_pte, &old_pte))
		return false;
	write_back(regs, &in, old);
	regs->rip += in.length;
	return true;
}
