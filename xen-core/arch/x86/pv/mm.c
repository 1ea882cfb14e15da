/*
 * PV page-table management: mmu_update, update_va_mapping, mmuext_op.
 *
 * Rules (as in Xen; references and types in page_type.c): a guest maps
 * only frames it owns (the control domain also MMIO and, with
 * foreigndom, other domains' frames); a frame is either a page table of
 * one level or writable, never both; L2 superpages and same-level
 * ("linear") entries are refused; every entry that is present gets
 * _PAGE_USER, since 64-bit PV kernels run in ring 3; L4 slots 256-271
 * belong to xen-core and are never taken from the guest.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/pv_mm.h>
#include <xen-core/console.h>
#include <xen-core/errno.h>
#include <xen-core/guest_access.h>
#include <xen-core/hypercall.h>
#include <xen-core/io.h>
#include <xen-core/smp.h>
#include <xen-core/cpu.h>
#include <xen-core/pv.h>
#include "page_type.h"

static spinlock_t mm_lock = SPIN_LOCK_UNLOCKED;
static unsigned long mm_lock_flags[NR_CPUS];

void pv_mm_lock(void)
{
	mm_lock_flags[smp_processor_id()] = spin_lock_irqsave(&mm_lock);
}

void pv_mm_unlock(void)
{
	spin_unlock_irqrestore(&mm_lock, mm_lock_flags[smp_processor_id()]);
}

/* ---- single updates ---- */


/*
 * Replaces entry @idx of @table_owner's table at @mfn (type @type) with
 * @val after taking the new entry's references; drops the old one's.
 * Every caller has checked that the table is @table_owner's.
 */
static int update_table_entry(const struct domain *table_owner,
			      unsigned long mfn, unsigned int idx, pte_t val,
			      enum page_type type, struct domain *pg_owner,
			      bool preserve_ad)
{
	pte_t *t = mfn_to_virt(mfn);
	pte_t old = t[idx];
	int rc;

	if (is_xen_slot(type, idx))
		return -EPERM;
	if (preserve_ad)
		val |= old & (_PAGE_ACCESSED | _PAGE_DIRTY);
	/* Same frame and rights: no reference changes (A/D or flag tweaks). */
	if ((old & _PAGE_PRESENT) && (val & _PAGE_PRESENT) &&
	    pte_mfn(old) == pte_mfn(val) &&
	    (old & _PAGE_RW) == (val & _PAGE_RW) &&
	    !(val & entry_disallowed(type, table_owner))) {
		__atomic_store_n(&t[idx], adjust_guest_entry(val),
				 __ATOMIC_SEQ_CST);
		return 0;
	}
	/* Only mmu_update writes L2-L4 entries here, and it continues. */
	rc = get_entry(val, type, pg_owner, table_owner, true);
	if (rc)
		return rc;
	__atomic_store_n(&t[idx], adjust_guest_entry(val), __ATOMIC_SEQ_CST);
	put_entry(old, type);
	return 0;
}

/* A write to a frame that is not a page table: do it as the guest would. */
static int write_plain_frame(struct page_info *pg, unsigned long maddr,
			     pte_t val)
{
	if (!get_page_type(pg, PGT_writable))
		return -EINVAL;
	*(pte_t *)__va(maddr) = val;
	put_page_type(pg);
	return 0;
}

static int mmu_normal_update(struct domain *d, uint64_t ptr, uint64_t val,
			     struct domain *pg_owner, bool preserve_ad)
{
	unsigned long maddr = ptr & ~7UL, mfn = maddr >> PAGE_SHIFT;
	unsigned int idx = (maddr & (PAGE_SIZE - 1)) / sizeof(pte_t);
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;		/* not ours: Xen's answer */
	if (is_live_page_table(pg)) {
		int rc = update_table_entry(d, mfn, idx, val, pg->type,
					    pg_owner, preserve_ad);

		put_page(pg);
		return rc;
	}
	put_page(pg);
	return write_plain_frame(pg, maddr, val);
}

static int mmu_machphys_update(struct domain *d, uint64_t ptr, uint64_t pfn)
{
	unsigned long mfn = ptr >> PAGE_SHIFT;

	if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner != d->domain_id)
		return -EPERM;
	machine_to_phys[mfn] = pfn;
	return 0;
}

/*
 * The owner of the frames a batch maps; NULL and *@rc -ESRCH for none,
 * or, in Xen's order, -EPERM for another domain the caller may not name.
 */
static struct domain *foreign_owner(unsigned int foreigndom, long *rc)
{
	struct domain *cur = current->domain, *d;

	*rc = -ESRCH;
	if (foreigndom == DOMID_SELF || foreigndom == cur->domain_id)
		return cur;
	if (foreigndom == DOMID_IO)	/* frames checked per entry */
		return cur->is_privileged ? cur : NULL;
	d = domain_by_id((domid_t)foreigndom);
	if (d && !cur->is_privileged) {
		*rc = -EPERM;
		return NULL;
	}
	return d;
}

/*
 * mmu_update and mmuext_op run any number of requests and stop at
 * preemption points, as in Xen: the continuation carries the requests
 * left with MMU_UPDATE_PREEMPTED set in the count, and the requests done
 * so far in the guest's *pdone, which the resumed call reads back.
 */
#define MMU_UPDATE_PREEMPTED	(~(~0U >> 1))

struct mmu_batch {
	unsigned int nr;		/* __HYPERVISOR_mmu_update or _mmuext_op */
	unsigned long reqs;
	unsigned int count;		/* requests to do in this issue */
	unsigned long pdone;
	unsigned int foreigndom;
	unsigned int done;		/* by earlier issues */
};

/* 0 to go on; or the answer to give at once (Xen's checks, its order). */
static long start_batch(struct mmu_batch *b, size_t req_size)
{
	if (b->count & MMU_UPDATE_PREEMPTED) {
		b->count &= ~MMU_UPDATE_PREEMPTED;
		if (b->pdone)
			copy_from_guest(&b->done, b->pdone, sizeof(b->done));
	}
	if (!guest_range_ok(b->reqs, (size_t)b->count * req_size))
		return -EFAULT;
	return 0;
}

/* The continuation that resumes the batch at request @i. */
static long continue_batch(const struct mmu_batch *b, unsigned int i,
			   size_t req_size)
{
	return hypercall_continue(b->nr, b->reqs + i * req_size,
			   (b->count - i) | MMU_UPDATE_PREEMPTED, b->pdone,
			   b->foreigndom, 0);
}

/* Whether request @i must wait for a continuation (never the first). */
static bool batch_preempted(const struct mmu_batch *b, unsigned int i,
			    size_t req_size)
{
	if (!i || !hypercall_preempt_check())
		return false;
	continue_batch(b, i, req_size);
	return true;
}

/*
 * Adds this issue's @i requests to *pdone; Xen ignores a failing copy.
 * A request that stopped part way (-ERESTART: a table it validates is
 * left partial) is issued again by the continuation, and goes on.
 */
static long finish_batch(const struct mmu_batch *b, unsigned int i,
			 size_t req_size, long rc)
{
	unsigned int done = b->done + i;

	if (b->pdone)
		copy_to_guest(b->pdone, &done, sizeof(done));
	return rc == -ERESTART ? continue_batch(b, i, req_size) : rc;
}

static int mmu_update_one(struct domain *d, const struct mmu_update *req,
			  struct domain *pg_owner)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock);
	int rc;

	switch (req->ptr & 7) {
	case MMU_NORMAL_PT_UPDATE:
	case MMU_PT_UPDATE_PRESERVE_AD:
		rc = mmu_normal_update(d, req->ptr, req->val, pg_owner,
				       (req->ptr & 7) == MMU_PT_UPDATE_PRESERVE_AD);
		break;
	case MMU_MACHPHYS_UPDATE:
		rc = mmu_machphys_update(d, req->ptr, req->val);
		break;
	default:
		rc = hypercall_unimplemented(__HYPERVISOR_mmu_update,
					     req->ptr & 7);
	}
	spin_unlock_irqrestore(&mm_lock, flags);
	return rc;
}

long do_mmu_update(unsigned long ureqs, unsigned int count,
		   unsigned long pdone, unsigned int foreigndom)
{
	struct mmu_batch b = { __HYPERVISOR_mmu_update, ureqs, count, pdone,
			       foreigndom, 0 };
	struct domain *d = current->domain, *pg_owner;
	struct mmu_update req;
	unsigned int i;
	long rc = start_batch(&b, sizeof(req));

	if (rc)
		return rc;
	pg_owner = foreign_owner(foreigndom & 0xffff, &rc);
	if (!pg_owner)
		return rc;
	for (i = 0; i < b.count && !batch_preempted(&b, i, sizeof(req)); i++) {
		if (copy_from_guest(&req, ureqs + i * sizeof(req), sizeof(req))) {
			rc = -EFAULT;
			break;
		}
		rc = mmu_update_one(d, &req, pg_owner);
		if (rc)
			break;
	}
	return finish_batch(&b, i, sizeof(req), rc);
}

/* Walks the current guest kernel tables to the L1 entry mapping @va. */
int pv_find_l1_table(struct vcpu *v, unsigned long va, unsigned long *l1mfn)
{
	unsigned long mfn = v->guest_table;
	int level;

	for (level = 4; level > 1; level--) {
		pte_t e = ((pte_t *)mfn_to_virt(mfn))[pt_index(va, level)];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE) ||
		    !mfn_valid(pte_mfn(e)))
			return -EINVAL;
		mfn = pte_mfn(e);
	}
	*l1mfn = mfn;
	return 0;
}

static void flush_after_update(unsigned long va, unsigned long flags)
{
	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_INVLPG:
		invlpg(va);
		break;
	case UVMF_TLB_FLUSH:
		flush_tlb_local();
		break;
	}
	if ((flags & UVMF_FLUSHTYPE_MASK) && (flags & ~UVMF_FLUSHTYPE_MASK) ==
	    UVMF_ALL)
		flush_tlb_all();
}

long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags)
{
	struct vcpu *v = current;
	unsigned long l1mfn, irqflags;
	struct page_info *pg;
	int rc;

	if (!guest_range_ok(va, 1))
		return -EINVAL;
	irqflags = spin_lock_irqsave(&mm_lock);
	rc = pv_find_l1_table(v, va, &l1mfn);
	if (!rc) {
		pg = mfn_to_page(l1mfn);
		if (pg->owner != v->domain->domain_id || pg->type != PGT_l1 ||
		    !pg->type_count)
			rc = -EINVAL;
		else
			rc = update_table_entry(v->domain, l1mfn,
						pt_index(va, 1), val, PGT_l1,
						v->domain, false);
	}
	spin_unlock_irqrestore(&mm_lock, irqflags);
	if (!rc)
		flush_after_update(va, flags);
	return rc;
}

/*
 * Writes entry @idx of @v's L1 table @l1mfn with @val, as an emulated
 * guest store (writable page tables); *@old gets the previous value.
 */
int pv_write_l1_entry(struct vcpu *v, unsigned long l1mfn, unsigned int idx,
		      pte_t val, pte_t *old)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock);
	struct page_info *pg = mfn_to_page(l1mfn);
	int rc = -EINVAL;

	if (mfn_valid(l1mfn) && pg->owner == v->domain->domain_id &&
	    pg->type == PGT_l1 && pg->type_count &&
	    (pg->flags & PGF_validated)) {
		*old = ((pte_t *)mfn_to_virt(l1mfn))[idx];
		rc = update_table_entry(v->domain, l1mfn, idx, val, PGT_l1,
					v->domain, false);
	}
	spin_unlock_irqrestore(&mm_lock, flags);
	return rc;
}

/* ---- grant mappings ---- */

/* The L1 entry for @addr: a VA in @v's tables, or the entry's address. */
static int grant_entry_slot(struct vcpu *v, uint64_t addr, bool is_pte,
			    unsigned long *l1mfn, unsigned int *idx)
{
	struct page_info *pg;

	if (is_pte) {
		if (addr & 7)
			return -EINVAL;
		*l1mfn = addr >> PAGE_SHIFT;
		*idx = (addr & (PAGE_SIZE - 1)) / sizeof(pte_t);
	} else {
		if (!guest_range_ok(addr, 1) || pv_find_l1_table(v, addr, l1mfn))
			return -EINVAL;
		*idx = pt_index(addr, 1);
	}
	if (!mfn_valid(*l1mfn))
		return -EINVAL;
	pg = mfn_to_page(*l1mfn);
	if (pg->owner != v->domain->domain_id || pg->type != PGT_l1 ||
	    !pg->type_count)
		return -EINVAL;
	return 0;
}

/*
 * Maps @granter's frame @mfn at @addr.  The entry holds the same
 * references an ordinary mapping of that frame would, so rewriting or
 * tearing down the table later drops them like any other entry.
 */
int pv_map_grant(struct vcpu *v, uint64_t addr, bool is_pte, unsigned long mfn,
		 struct domain *granter, bool readonly)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock), l1mfn;
	pte_t *t, val = make_pte(mfn, _PAGE_PRESENT | _PAGE_ACCESSED |
				 _PAGE_DIRTY | _PAGE_USER | _PAGE_NX |
				 (readonly ? 0 : _PAGE_RW));
	struct page_info *pg = mfn_to_page(mfn);
	unsigned int idx;
	int rc = grant_entry_slot(v, addr, is_pte, &l1mfn, &idx);

	if (!rc && !get_page(pg, granter))
		rc = -EINVAL;
	if (!rc && !readonly && !get_page_type(pg, PGT_writable)) {
		put_page(pg);
		rc = -EBUSY;
	}
	if (!rc) {
		t = mfn_to_virt(l1mfn);
		put_l1e(__atomic_exchange_n(&t[idx], val, __ATOMIC_SEQ_CST));
	}
	spin_unlock_irqrestore(&mm_lock, flags);
	return rc;
}

/* Removes a grant mapping of @mfn at @addr (it must still be there). */
int pv_unmap_grant(struct vcpu *v, uint64_t addr, bool is_pte, unsigned long mfn)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock), l1mfn;
	unsigned int idx;
	int rc = grant_entry_slot(v, addr, is_pte, &l1mfn, &idx);
	pte_t *t, old;

	if (!rc) {
		t = mfn_to_virt(l1mfn);
		old = t[idx];
		if ((old & _PAGE_PRESENT) && pte_mfn(old) == mfn) {
			t[idx] = 0;
			put_l1e(old);
		} else {
			rc = -EINVAL;
		}
	}
	spin_unlock_irqrestore(&mm_lock, flags);
	return rc;
}

/* ---- mmuext_op ---- */

/* -ERESTART where a @preemptible pin left the table partial. */
static int pin_table(struct domain *d, unsigned long mfn, enum page_type type,
		     bool preemptible)
{
	struct page_info *pg;
	int rc = take_page_and_type(mfn, d, type, preemptible);

	if (rc)
		return rc;
	pg = mfn_to_page(mfn);
	if (pg->flags & PGF_pinned) {
		put_page_and_type(mfn);
		return -EINVAL;
	}
	pg->flags |= PGF_pinned;
	return 0;
}

static int unpin_table(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pg->owner != d->domain_id || !(pg->flags & PGF_pinned))
		return -EINVAL;
	pg->flags &= ~PGF_pinned;
	put_page_and_type(mfn);
	return 0;
}

static int new_baseptr(struct vcpu *v, unsigned long mfn, bool user)
{
	unsigned long *slot = user ? &v->guest_table_user : &v->guest_table;
	unsigned long old = *slot;
	int rc;

	if (!mfn && !user)
		return -EINVAL;
	if (mfn) {
		rc = take_page_and_type(mfn, v->domain, PGT_l4, true);
		if (rc)
			return rc == -ERESTART ? rc : -EINVAL;
	}
	*slot = mfn;
	if (old)
		put_page_and_type(old);
	if (v->in_kernel != user)
		load_cr3(mfn << PAGE_SHIFT);
	return 0;
}

int pv_set_initial_page_table(struct vcpu *v, unsigned long l4_mfn)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock);
	int rc = pin_table(v->domain, l4_mfn, PGT_l4, false);

	if (!rc) {
		if (get_page_and_type(l4_mfn, v->domain, PGT_l4))
			v->guest_table = l4_mfn;
		else
			rc = -EINVAL;
	}
	spin_unlock_irqrestore(&mm_lock, flags);
	return rc;
}

/* Pins act on @d, the frames' owner (the builder pins a new domain's
 * tables); everything else on the calling vCPU. */
static int do_one_mmuext(struct vcpu *v, struct domain *d,
			 const struct mmuext_op *op)
{
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
		return pin_table(d, op->arg1.mfn, PGT_l1, true);
	case MMUEXT_PIN_L2_TABLE:
		return pin_table(d, op->arg1.mfn, PGT_l2, true);
	case MMUEXT_PIN_L3_TABLE:
		return pin_table(d, op->arg1.mfn, PGT_l3, true);
	case MMUEXT_PIN_L4_TABLE:
		return pin_table(d, op->arg1.mfn, PGT_l4, true);
	case MMUEXT_UNPIN_TABLE:
		return unpin_table(d, op->arg1.mfn);
	case MMUEXT_NEW_BASEPTR:
		return new_baseptr(v, op->arg1.mfn, false);
	case MMUEXT_NEW_USER_BASEPTR:
		return new_baseptr(v, op->arg1.mfn, true);
	case MMUEXT_TLB_FLUSH_LOCAL:
		flush_tlb_local();
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		if (guest_range_ok(op->arg1.linear_addr, 1))
			invlpg(op->arg1.linear_addr);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_MULTI:
	case MMUEXT_INVLPG_ALL:
		flush_tlb_all();
		return 0;
	case MMUEXT_SET_LDT:
		return pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);
	}
	return hypercall_unimplemented(__HYPERVISOR_mmuext_op, op->cmd);
}

long do_mmuext_op(unsigned long uops, unsigned int count,
		  unsigned long pdone, unsigned int foreigndom)
{
	struct mmu_batch b = { __HYPERVISOR_mmuext_op, uops, count, pdone,
			       foreigndom, 0 };
	struct vcpu *v = current;
	struct domain *pg_owner;
	struct mmuext_op op;
	unsigned long flags;
	unsigned int i;
	long rc = start_batch(&b, sizeof(op));

	if (rc)
		return rc;
	if ((foreigndom & 0xffff) == DOMID_IO)
		return -ESRCH;
	pg_owner = foreign_owner(foreigndom & 0xffff, &rc);
	if (!pg_owner)
		return rc;
	for (i = 0; i < b.count && !batch_preempted(&b, i, sizeof(op)); i++) {
		if (copy_from_guest(&op, uops + i * sizeof(op), sizeof(op))) {
			rc = -EFAULT;
			break;
		}
		flags = spin_lock_irqsave(&mm_lock);
		rc = do_one_mmuext(v, pg_owner, &op);
		spin_unlock_irqrestore(&mm_lock, flags);
		if (rc) {
			if (rc != -ERESTART)
				dprintk(LOG_INFO, "d%u: mmuext_op %u failed: %d\n",
					v->domain->domain_id, op.cmd, (int)rc);
			break;
		}
	}
	return finish_batch(&b, i, sizeof(op), rc);
}

static void drop_page_tables_locked(struct vcpu *v)
{
	if (v->guest_table)
		put_page_and_type(v->guest_table);
	if (v->guest_table_user)
		put_page_and_type(v->guest_table_user);
	v->guest_table = v->guest_table_user = 0;
	pv_destroy_gdt(v);
	pv_destroy_ldt(v);
}

void pv_drop_page_tables(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock);

	drop_page_tables_locked(v);
	spin_unlock_irqrestore(&mm_lock, flags);
}

void pv_relinquish_page_tables(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&mm_lock);
	struct page_info *pg;
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			drop_page_tables_locked(d->vcpus[i]);
	list_for_each_entry(pg, &d->page_list, list) {
		if (pg->flags & PGF_pinned) {
			pg->flags &= ~PGF_pinned;
			put_page_and_type(page_to_mfn(pg));
		}
		pv_drop_partial_table(pg);
	}
	spin_unlock_irqrestore(&mm_lock, flags);
}
