/*
 * What the PV page-table hypercalls (mm.c) use of the reference and
 * type rules (page_type.c), beyond pv_mm.h's interface.
 */
#ifndef XEN_CORE_PV_PAGE_TYPE_H
#define XEN_CORE_PV_PAGE_TYPE_H

#include <xen-core/pv_mm.h>

/*
 * 0, -EINVAL for a frame @d does not own, or the type's refusal; where
 * @preemptible (the caller continues its hypercall on it), -ERESTART for
 * a table left partial (page_type.c).  Only 0 keeps the references.
 */
int take_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type, bool preemptible);

/* The entry bits a table of @type owned by @table_owner may not set. */
pte_t entry_disallowed(enum page_type type, const struct domain *table_owner);
/* Takes the references entry @e of a @type table needs (@d owns its
 * target); -ERESTART as take_page_and_type() where @preemptible. */
int get_entry(pte_t e, enum page_type type, struct domain *d,
	      const struct domain *table_owner, bool preemptible);
void put_entry(pte_t e, enum page_type type);
void put_l1e(pte_t e);

/* L4 slots 256-271: xen-core's, never the guest's. */
bool is_xen_slot(enum page_type type, unsigned int i);
/* A present entry as xen-core installs it (_PAGE_USER, no _PAGE_GLOBAL). */
pte_t adjust_guest_entry(pte_t e);

#endif
