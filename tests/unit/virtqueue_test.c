/*
 * Host-side test of MiniOS's virtqueue (minios/drivers/virtqueue.c)
 * against a device played here: requests come out as the chains we
 * offered, answers come back by token, and a device that answers outside
 * the ring's rules (an index running ahead, an id out of range or not in
 * flight, the same request twice) breaks the queue instead of being
 * followed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "virtqueue.h"
#include "check.h"
#include "minios_stubs.h"

#define PAGE 4096


struct fake_device {
	uint16_t seen_avail;
};

static struct virtq vq;
static struct fake_device dev;
static void *pages[3];

static void setup(unsigned int size)
{
	for (int i = 0; i < 3; i++) {
		free(pages[i]);
		pages[i] = aligned_alloc(PAGE, PAGE);
		memset(pages[i], 0, PAGE);
	}
	memset(&dev, 0, sizeof(dev));
	CHECK_EQ(virtq_init(&vq, size, pages[0], pages[1], pages[2]), 0);
	messages = 0;
}

/* The device's view: the next head offered, or -1; checks the chain. */
static int device_take(unsigned int expect_out, unsigned int expect_in)
{
	uint16_t head, i;

	if (vq.avail->idx == dev.seen_avail)
		return -1;
	head = vq.avail->ring[dev.seen_avail++ % vq.size];
	i = head;
	for (unsigned int k = 0; k < expect_out + expect_in; k++) {
		struct vring_desc *d = &vq.desc[i];

		CHECK_EQ(!!(d->flags & VRING_DESC_F_WRITE), k >= expect_out);
		CHECK_EQ(!!(d->flags & VRING_DESC_F_NEXT),
			 k + 1 < expect_out + expect_in);
		CHECK_EQ(d->addr, 0x1000 * (k + 1));
		i = d->next;
	}
	return head;
}

static void device_answer(uint32_t id, uint32_t len)
{
	vq.used->ring[vq.used->idx % vq.size] =
		(struct vring_used_elem){ .id = id, .len = len };
	vq.used->idx++;
}

static int add(unsigned int out, unsigned int in, void *token)
{
	struct dma_seg segs[8];

	for (unsigned int k = 0; k < out + in; k++)
		segs[k] = (struct dma_seg){ 0x1000 * (k + 1), 512 };
	return virtq_add(&vq, segs, out, in, token);
}

static void test_request_and_answer(void)
{
	int token;
	void *got;
	uint32_t len;
	int head;

	setup(8);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), 0);
	CHECK_EQ(add(1, 2, &token), 0);
	CHECK_EQ(vq.num_free, 5);
	head = device_take(1, 2);
	CHECK(head >= 0);
	device_answer(head, 513);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), 1);
	CHECK(got == &token);
	CHECK_EQ(len, 513);
	CHECK_EQ(vq.num_free, 8);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), 0);
	CHECK_EQ(messages, 0);
}

/* Fill the queue, answer in another order, and reuse every descriptor. */
static void test_full_queue_out_of_order(void)
{
	int tokens[4];
	int heads[4];
	void *got;
	uint32_t len;

	setup(8);
	for (int round = 0; round < 3; round++) {
		for (int i = 0; i < 4; i++)
			CHECK_EQ(add(1, 1, &tokens[i]), 0);
		CHECK_EQ(add(1, 0, &tokens[0]), -ENOSPC);
		for (int i = 0; i < 4; i++)
			heads[i] = device_take(1, 1);
		device_answer(heads[2], 0);
		device_answer(heads[0], 0);
		device_answer(heads[3], 0);
		device_answer(heads[1], 0);
		int order[4] = { 2, 0, 3, 1 };
		for (int i = 0; i < 4; i++) {
			CHECK_EQ(virtq_next_used(&vq, &got, &len), 1);
			CHECK(got == &tokens[order[i]]);
		}
		CHECK_EQ(vq.num_free, 8);
	}
	CHECK_EQ(messages, 0);
}

static void check_broken(void)
{
	void *got;
	uint32_t len;
	int token;

	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	CHECK_EQ(add(1, 1, &token), -EIO);
	CHECK_EQ(messages, 1);		/* logged once */
}

static void test_index_runs_ahead(void)
{
	int token;
	void *got;
	uint32_t len;

	setup(8);
	CHECK_EQ(add(1, 1, &token), 0);
	device_answer(device_take(1, 1), 0);
	vq.used->idx += 5;		/* claims answers never asked for */
	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	check_broken();
}

static void test_id_out_of_range(void)
{
	int token;
	void *got;
	uint32_t len;

	setup(8);
	CHECK_EQ(add(1, 1, &token), 0);
	device_take(1, 1);
	device_answer(8, 0);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	check_broken();

	setup(8);
	CHECK_EQ(add(1, 1, &token), 0);
	device_take(1, 1);
	device_answer(0xffffffffU, 0);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	check_broken();
}

/* The second descriptor of a chain is no request of ours. */
static void test_id_not_a_head(void)
{
	int token;
	void *got;
	uint32_t len;
	int head;

	setup(8);
	CHECK_EQ(add(1, 1, &token), 0);
	head = device_take(1, 1);
	device_answer(vq.desc[head].next, 0);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	check_broken();
}

static void test_same_answer_twice(void)
{
	int a, b;
	void *got;
	uint32_t len;
	int head;

	setup(8);
	CHECK_EQ(add(1, 1, &a), 0);
	CHECK_EQ(add(1, 1, &b), 0);
	head = device_take(1, 1);
	device_answer(head, 0);
	device_answer(head, 0);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), 1);
	CHECK(got == &a);
	CHECK_EQ(virtq_next_used(&vq, &got, &len), -EIO);
	check_broken();
}

static void test_drain(void)
{
	int tokens[3];
	void *got;
	int seen = 0;

	setup(8);
	for (int i = 0; i < 3; i++)
		CHECK_EQ(add(1, 1, &tokens[i]), 0);
	while (virtq_drain(&vq, &got)) {
		CHECK(got == &tokens[0] || got == &tokens[1] ||
		      got == &tokens[2]);
		seen++;
	}
	CHECK_EQ(seen, 3);
	CHECK_EQ(vq.num_free, 8);
}

static void test_notify_and_sizes(void)
{
	setup(8);
	CHECK(virtq_wants_notify(&vq));
	vq.used->flags = VRING_USED_F_NO_NOTIFY;
	CHECK(!virtq_wants_notify(&vq));
	CHECK_EQ(virtq_init(&vq, 6, pages[0], pages[1], pages[2]), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 512, pages[0], pages[1], pages[2]), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 0, pages[0], pages[1], pages[2]), -EINVAL);
	CHECK_EQ(virtq_init(&vq, 256, pages[0], pages[1], pages[2]), 0);
	CHECK_EQ(add(0, 0, &vq), -ENOSPC);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_request_and_answer();
	test_full_queue_out_of_order();
	test_index_runs_ahead();
	test_id_out_of_range();
	test_id_not_a_head();
	test_same_answer_twice();
	test_drain();
	test_notify_and_sizes();
	for (int i = 0; i < 3; i++)
		free(pages[i]);
	return check_summary(argv[0]);
}
