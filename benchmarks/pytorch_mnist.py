#!/usr/bin/python3
"""The MNIST ODE-net of `pontryagin mnist` in PyTorch float64, for the time per epoch side by side.

Same network: a learnable lift 784 -> d (no bias), N explicit RK4 layers of f(y) = tanh(K_n y + beta_n) with
learnable step sizes h_n (start T/N), a softmax head W y + mu over 10 classes (mean cross-entropy); AdamW (weight decay 0.01) with the
cosine schedule of `pontryagin mnist` (one period = all steps, down to 0.01 of the learning rate), mini-batches
without replacement. Reads the IDX files with numpy only. Prints one JSON line per epoch; the time is that of the
optimizer steps of the epoch: "seconds" of wall time, "cpu_seconds" of CPU time of the whole process (every thread).
"""
import argparse
import gzip
import json
import math
import os
import time

import numpy as np
import torch


def read_idx(path):
    opener = gzip.open if open(path, "rb").read(2) == b"\x1f\x8b" else open
    with opener(path, "rb") as f:
        data = f.read()
    ndims = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(ndims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def find(directory, name):
    for candidate in (name, name + ".gz"):
        p = os.path.join(directory, candidate)
        if os.path.exists(p):
            return p
    raise SystemExit(f"{os.path.join(directory, name)}: no such file; run data/fetch-mnist.sh")


class OdeNet(torch.nn.Module):
    def __init__(self, d, layers, horizon):
        super().__init__()
        self.lift = torch.nn.Linear(784, d, bias=False)
        self.K = torch.nn.ParameterList([torch.nn.Parameter(torch.randn(d, d) * (1.0 / d) ** 0.5)
                                         for _ in range(layers)])
        self.beta = torch.nn.ParameterList([torch.nn.Parameter(torch.zeros(d)) for _ in range(layers)])
        self.h = torch.nn.Parameter(torch.full((layers,), horizon / layers))
        self.head = torch.nn.Linear(d, 10)

    def forward(self, x):
        y = self.lift(x)
        for n in range(len(self.K)):
            f = lambda z: torch.tanh(z @ self.K[n].T + self.beta[n])
            h = self.h[n]
            k1 = f(y)
            k2 = f(y + 0.5 * h * k1)
            k3 = f(y + 0.5 * h * k2)
            k4 = f(y + h * k3)
            y = y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4)
        return self.head(y)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mnist-dir", default="data/mnist")
    parser.add_argument("--width", type=int, default=128)
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--train-limit", type=int, default=60000)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    torch.set_default_dtype(torch.float64)
    x = read_idx(find(args.mnist_dir, "train-images-idx3-ubyte"))[:args.train_limit]
    y = read_idx(find(args.mnist_dir, "train-labels-idx1-ubyte"))[:args.train_limit]
    x = torch.tensor(x.reshape(len(x), -1) / 255.0)
    y = torch.tensor(y.astype(np.int64))
    m = int(0.9 * len(x))
    train_x, train_y = x[:m], y[:m]
    net = OdeNet(args.width, args.layers, 1.0)
    optimizer = torch.optim.AdamW(net.parameters(), lr=args.lr, weight_decay=0.01)
    steps = args.epochs * (m // args.batch_size)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda k: 0.01 + 0.99 * 0.5 * (1 + math.cos(math.pi * (k % steps) / steps)))
    for epoch in range(1, args.epochs + 1):
        start = time.perf_counter()
        cpu_start = time.process_time()
        order = torch.randperm(m)
        for b in range(m // args.batch_size):
            idx = order[b * args.batch_size:(b + 1) * args.batch_size]
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(train_x[idx]), train_y[idx])
            loss.backward()
            optimizer.step()
            schedule.step()
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        print(json.dumps({"epoch": epoch, "train_points": m, "seconds": round(seconds, 3),
                          "cpu_seconds": round(cpu_seconds, 3),
                          "last_batch_loss": float(loss)}), flush=True)


if __name__ == "__main__":
    main()
