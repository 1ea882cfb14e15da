/*
 * Grant tables, version 1: the shared frames a guest writes its grant
 * entries into (setup_table, query_size).  Mapping and copying grants
 * comes with the backends.
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>

#define DEFAULT_MAX_GRANT_FRAMES	64

static struct domain *gnttab_target(domid_t id)
{
	if (id == DOMID_SELF || id == current->domain->domain_id)
		return current->domain;
	return current->domain->is_privileged ? domain_by_id(id) : NULL;
}

static unsigned int max_frames(const struct domain *d)
{
	return d->gnttab.max_frames ? d->gnttab.max_frames :
	       DEFAULT_MAX_GRANT_FRAMES;
}

/* Grows the table to @nr frames; frames are shared with (owned by) @d. */
static int16_t grow_table(struct domain *d, unsigned int nr)
{
	while (d->gnttab.nr_frames < nr) {
		struct page_info *pg = alloc_pages(0, d->domain_id);

		if (!pg)
			return GNTST_general_error;
		d->gnttab.frames[d->gnttab.nr_frames++] = page_to_mfn(pg);
	}
	return GNTST_okay;
}

static long setup_table(unsigned long uop)
{
	struct gnttab_setup_table op;
	struct domain *d;
	unsigned int i;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_target(op.dom);
	if (!d)
		op.status = GNTST_bad_domain;
	else if (op.nr_frames > max_frames(d))
		op.status = GNTST_general_error;
	else
		op.status = grow_table(d, op.nr_frames);
	for (i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
		xen_pfn_t mfn = d->gnttab.frames[i];

		if (copy_to_guest((unsigned long)op.frame_list.p + i * sizeof(mfn),
				  &mfn, sizeof(mfn)))
			return -EFAULT;
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long query_size(unsigned long uop)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_target(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else {
		op.nr_frames = d->gnttab.nr_frames;
		op.max_nr_frames = max_frames(d);
		op.status = GNTST_okay;
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(unsigned long uop)
{
	struct gnttab_set_version op;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1)
		return -EINVAL;
	return 0;
}

long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
	if (count != 1 && cmd != GNTTABOP_set_version)
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(uop);
	case GNTTABOP_query_size:
		return query_size(uop);
	case GNTTABOP_set_version:
		return set_version(uop);
	}
	return -ENOSYS;
}
