/*
 * xenstored's ring transport against a fake guest page in memory:
 * requests and replies across the wrap, messages split over several
 * passes, flow control while the guest does not read replies, hostile
 * indexes and headers (the page's error is set, nothing outside req[]
 * and rsp[] is touched: ASan watches the page), the in-process client.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "client.h"
#include "ring.h"

#define GUEST 5

struct fixture {
	struct xs_daemon *xs;
	struct xs_conn *dom0;
	struct xs_conn *guest;
	struct xenstore_domain_interface *page;
	struct xs_ring ring;
	XENSTORE_RING_IDX rsp_seen;	/* the guest's reply consumer */
};

static void setup(struct fixture *f, XENSTORE_RING_IDX start)
{
	const char *perms[] = { "n5" };

	memset(f, 0, sizeof(*f));
	f->xs = xs_daemon_create(NULL, NULL);
	f->dom0 = xs_conn_create_dom0(f->xs);
	CHECK_EQ(xs_client_write(f->dom0, "/local/domain/5", ""), 0);
	CHECK_EQ(xs_client_set_perms(f->dom0, "/local/domain/5", perms, 1), 0);
	CHECK_EQ(xs_client_introduce(f->dom0, GUEST, 1234, 7), 0);
	f->guest = xs_conn_find(f->xs, GUEST);
	f->page = calloc(1, sizeof(*f->page));
	f->page->req_cons = f->page->req_prod = start;
	f->page->rsp_cons = f->page->rsp_prod = start;
	f->rsp_seen = start;
	xs_ring_init(&f->ring, f->page);
}

static void teardown(struct fixture *f)
{
	xs_daemon_destroy(f->xs);
	free(f->page);
}

/* The guest puts bytes into req[] (as much as fits); returns how many. */
static size_t guest_send(struct fixture *f, const void *data, size_t len)
{
	struct xenstore_domain_interface *p = f->page;
	size_t n = 0;

	while (n < len && p->req_prod - p->req_cons < XENSTORE_RING_SIZE)
		p->req[MASK_XENSTORE_IDX(p->req_prod++)] =
			((const char *)data)[n++];
	return n;
}

static size_t make_request(void *buf, uint32_t type, uint32_t req_id,
			   const char *payload, size_t len)
{
	struct xsd_sockmsg hdr = { type, req_id, 0, len };

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy((char *)buf + sizeof(hdr), payload, len);
	return sizeof(hdr) + len;
}

/* The guest takes one whole reply if rsp[] holds one; 0 if not. */
static int guest_reply(struct fixture *f, struct xsd_sockmsg *hdr,
		       char *payload)
{
	struct xenstore_domain_interface *p = f->page;
	char buf[sizeof(*hdr) + XENSTORE_PAYLOAD_MAX];
	XENSTORE_RING_IDX avail = p->rsp_prod - f->rsp_seen;

	if (avail < sizeof(*hdr))
		return 0;
	for (size_t i = 0; i < sizeof(*hdr); i++)
		buf[i] = p->rsp[MASK_XENSTORE_IDX(f->rsp_seen + i)];
	memcpy(hdr, buf, sizeof(*hdr));
	if (avail < sizeof(*hdr) + hdr->len)
		return 0;
	for (size_t i = 0; i < hdr->len; i++)
		payload[i] = p->rsp[MASK_XENSTORE_IDX(f->rsp_seen +
						      sizeof(*hdr) + i)];
	payload[hdr->len] = '\0';
	f->rsp_seen += sizeof(*hdr) + hdr->len;
	p->rsp_cons = f->rsp_seen;
	return 1;
}

static void test_write_then_read_across_the_wrap(void)
{
	struct fixture f;
	struct xsd_sockmsg hdr;
	char msg[128], reply[XENSTORE_PAYLOAD_MAX + 1];
	size_t len;

	setup(&f, 0xffffffff - 20);	/* indexes and buffers wrap */
	len = make_request(msg, XS_WRITE, 1, "data/k\0value", 12);
	CHECK_EQ(guest_send(&f, msg, len), len);
	len = make_request(msg, XS_READ, 2, "data/k", 7);
	CHECK_EQ(guest_send(&f, msg, len), len);
	CHECK_EQ(xs_ring_serve(&f.ring, f.guest), XS_RING_NOTIFY);
	CHECK_EQ(f.page->req_cons, f.page->req_prod);
	CHECK(guest_reply(&f, &hdr, reply));
	CHECK_EQ(hdr.type, XS_WRITE);
	CHECK_EQ(hdr.req_id, 1);
	CHECK(guest_reply(&f, &hdr, reply));
	CHECK_EQ(hdr.type, XS_READ);
	CHECK_EQ(hdr.req_id, 2);
	CHECK(!strcmp(reply, "value"));
	CHECK_EQ(xs_ring_serve(&f.ring, f.guest), XS_RING_IDLE);
	/* dom0 sees what the guest wrote, in its home. */
	CHECK_EQ(xs_client_read(f.dom0, "/local/domain/5/data/k", reply,
				sizeof(reply)), 5);
	teardown(&f);
}

static void test_message_split_over_passes(void)
{
	struct fixture f;
	struct xsd_sockmsg hdr;
	char msg[128], reply[XENSTORE_PAYLOAD_MAX + 1];
	size_t len;

	setup(&f, 1000);
	len = make_request(msg, XS_GET_DOMAIN_PATH, 9, "5", 2);
	for (size_t i = 0; i < len; i++) {
		guest_send(&f, msg + i, 1);
		CHECK_EQ(xs_ring_serve(&f.ring, f.guest), XS_RING_NOTIFY);
		CHECK_EQ(guest_reply(&f, &hdr, reply), i + 1 == len);
	}
	CHECK(!strcmp(reply, "/local/domain/5"));
	teardown(&f);
}

/* The guest never reads replies: requests wait, nothing is lost. */
static void test_full_reply_ring_holds_requests(void)
{
	struct fixture f;
	struct xsd_sockmsg hdr;
	char msg[1100], big[1000], reply[XENSTORE_PAYLOAD_MAX + 1];
	size_t len;
	int replies = 0;

	setup(&f, 0);
	memset(big, 'v', sizeof(big));
	memcpy(big, "k\0", 2);
	len = make_request(msg, XS_WRITE, 0, big, sizeof(big));
	CHECK_EQ(guest_send(&f, msg, len), len);
	CHECK_EQ(xs_ring_serve(&f.ring, f.guest), XS_RING_NOTIFY);
	len = make_request(msg, XS_READ, 1, "k", 2);
	for (int i = 0; i < 40; i++) {
		guest_send(&f, msg, len);
		xs_ring_serve(&f.ring, f.guest);
		CHECK(f.page->rsp_prod - f.page->rsp_cons <= XENSTORE_RING_SIZE);
	}
	CHECK_EQ(f.page->error, XENSTORE_ERROR_NONE);
	/* Now it reads: every request it got in is answered, in order. */
	for (int i = 0; i < 100; i++) {
		while (guest_reply(&f, &hdr, reply))
			replies++;
		guest_send(&f, msg, 0);
		xs_ring_serve(&f.ring, f.guest);
	}
	CHECK(replies > 20);
	CHECK_EQ(f.page->req_cons, f.page->req_prod);
	CHECK_EQ(f.page->rsp_prod, f.rsp_seen);
	teardown(&f);
}

static void check_broken(struct fixture *f)
{
	CHECK_EQ(xs_ring_serve(&f->ring, f->guest), XS_RING_BROKEN);
	CHECK_EQ(f->page->error, XENSTORE_ERROR_PROTO);
	CHECK_EQ(xs_ring_serve(&f->ring, f->guest), XS_RING_BROKEN);
}

static void test_hostile_indexes(void)
{
	struct fixture f;

	setup(&f, 50);
	f.page->req_prod = 50 + XENSTORE_RING_SIZE + 1;	/* past a ring */
	check_broken(&f);
	teardown(&f);

	setup(&f, 50);
	f.page->req_prod = 49;		/* behind our consumer */
	check_broken(&f);
	teardown(&f);

	setup(&f, 50);
	f.page->rsp_cons = 51;		/* consumed replies never sent */
	check_broken(&f);
	teardown(&f);

	/* Our own indexes scribbled over: we keep ours, the guest hurts
	   only itself. */
	setup(&f, 50);
	f.page->req_cons = 0x12345678;
	f.page->rsp_prod = 0x9abcdef0;
	CHECK_EQ(xs_ring_serve(&f.ring, f.guest), XS_RING_IDLE);
	CHECK_EQ(f.page->error, XENSTORE_ERROR_NONE);
	teardown(&f);
}

static void test_hostile_header(void)
{
	struct fixture f;
	struct xsd_sockmsg hdr = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	setup(&f, 7);
	guest_send(&f, &hdr, sizeof(hdr));
	check_broken(&f);
	teardown(&f);
}

static void test_client(void)
{
	struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
	struct xs_conn *c = xs_conn_create_dom0(xs);
	const char *perms[] = { "n5", "r0" };
	char buf[XS_CLIENT_REPLY_MAX];

	CHECK_EQ(xs_client_write(c, "/a/b", "x"), 0);
	CHECK_EQ(xs_client_write(c, "/a/c", ""), 0);
	CHECK_EQ(xs_client_read(c, "/a/b", buf, sizeof(buf)), 1);
	CHECK(!strcmp(buf, "x"));
	CHECK_EQ(xs_client_directory(c, "/a", buf, sizeof(buf)), 4);
	CHECK(!memcmp(buf, "b\0c\0", 4));
	CHECK_EQ(xs_client_read(c, "/a/b", buf, 1), 1);	/* no room for NUL */
	CHECK_EQ(xs_client_read(c, "/a/b", buf, 0), -EMSGSIZE);
	CHECK_EQ(xs_client_read(c, "/nope", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(xs_client_read(c, "bad//path", buf, sizeof(buf)), -EINVAL);
	CHECK_EQ(xs_client_set_perms(c, "/a/b", perms, 2), 0);
	CHECK_EQ(xs_client_request(c, XS_GET_PERMS, "/a/b", 5, buf,
				   sizeof(buf)), 6);
	CHECK(!memcmp(buf, "n5\0r0\0", 6));
	CHECK_EQ(xs_client_rm(c, "/a"), 0);
	CHECK_EQ(xs_client_read(c, "/a/b", buf, sizeof(buf)), -ENOENT);
	CHECK_EQ(xs_client_release(c, 3), -ENOENT);	/* not introduced */
	xs_daemon_destroy(xs);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_write_then_read_across_the_wrap();
	test_message_split_over_passes();
	test_full_reply_ring_holds_requests();
	test_hostile_indexes();
	test_hostile_header();
	test_client();
	return check_summary(argv[0]);
}
