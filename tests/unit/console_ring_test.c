/*
 * The console backend's ring transfers: wrap-around, full rings, and a
 * guest that corrupts its indexes (never a read or write outside the
 * ring; ASan watches the page).
 */
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "toolstack-domain/console/ring.h"

static struct xencons_interface *new_ring(void)
{
	return calloc(1, sizeof(struct xencons_interface));
}

/* The guest's side: put output in. */
static void guest_writes(struct xencons_interface *r, const char *s)
{
	for (; *s; s++)
		r->out[MASK_XENCONS_IDX(r->out_prod++, r->out)] = *s;
}

static void test_output_wraps(void)
{
	struct xencons_interface *r = new_ring();
	char buf[4096];

	r->out_cons = r->out_prod = 0xfffffffe;	/* indexes wrap too */
	guest_writes(r, "hello");
	CHECK_EQ(console_ring_take_output(r, buf, 3), 3);
	CHECK(!memcmp(buf, "hel", 3));
	CHECK_EQ(console_ring_take_output(r, buf, sizeof(buf)), 2);
	CHECK(!memcmp(buf, "lo", 2));
	CHECK_EQ(console_ring_take_output(r, buf, sizeof(buf)), 0);
	CHECK_EQ(r->out_cons, r->out_prod);
	/* A full ring is fine; one byte more is corrupt. */
	r->out_prod = r->out_cons + sizeof(r->out);
	CHECK_EQ(console_ring_take_output(r, buf, sizeof(buf)),
		 sizeof(r->out));
	r->out_prod = r->out_cons + sizeof(r->out) + 1;
	CHECK_EQ(console_ring_take_output(r, buf, sizeof(buf)), -1);
	r->out_prod = r->out_cons - 1;	/* producer behind the consumer */
	CHECK_EQ(console_ring_take_output(r, buf, sizeof(buf)), -1);
	free(r);
}

static void test_input_fills_and_wraps(void)
{
	struct xencons_interface *r = new_ring();
	char big[2000];

	memset(big, 'x', sizeof(big));
	r->in_cons = r->in_prod = 1000;
	CHECK_EQ(console_ring_give_input(r, big, sizeof(big)), sizeof(r->in));
	CHECK_EQ(console_ring_give_input(r, "y", 1), 0);	/* full */
	r->in_cons += 10;	/* the guest read ten */
	CHECK_EQ(console_ring_give_input(r, "abc", 3), 3);
	CHECK_EQ(r->in[MASK_XENCONS_IDX(r->in_prod - 1, r->in)], 'c');
	r->in_cons = r->in_prod + 5;	/* consumer ahead: corrupt */
	CHECK_EQ(console_ring_give_input(r, "z", 1), -1);
	free(r);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_output_wraps();
	test_input_fills_and_wraps();
	return check_summary(argv[0]);
}
