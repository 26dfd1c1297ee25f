#!/usr/bin/env python3
"""PyTorch twin of a studio training run, for side-by-side accuracy and speed figures.

Trains an MLP on an IDX folder (Fashion-MNIST layout) with the same settings the studio's
benchmarks use and prints one JSON line per epoch and a final summary line.
Needs Debian's python3-torch: /usr/bin/python3 build/bench/torch_mlp.py --hidden 256,256
"""
import argparse, gzip, json, os, sys, time

# PyTorch at its best here: the BLAS thread count must be set before torch loads (set_num_threads
# does not reach OpenBLAS), and OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE, which some of our machines set,
# force a slower kernel. --keep-blas-env keeps them as they are.
_threads = next((sys.argv[i + 1] for i, v in enumerate(sys.argv[:-1]) if v == '--threads'), '1')
if '--keep-blas-env' not in sys.argv:
    for k in ('OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE'):
        os.environ.pop(k, None)
for k in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS'):
    os.environ.setdefault(k, _threads)
import numpy as np
import torch

p = argparse.ArgumentParser()
p.add_argument('--data', default='/usr/share/datasets/fashion-mnist')
p.add_argument('--hidden', default='256', help='comma-separated hidden sizes')
p.add_argument('--norm', default='minus-one-one', choices=['none', 'zero-one', 'minus-one-one', 'zscore'])
p.add_argument('--lr', type=float, default=0.01)
p.add_argument('--bs', type=int, default=32)
p.add_argument('--epochs', type=int, default=20)
p.add_argument('--threads', type=int, default=1)
p.add_argument('--seed', type=int, default=0)
p.add_argument('--limit', type=int, default=0, help='use only the first N training samples')
p.add_argument('--keep-blas-env', action='store_true', help='keep OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE as set')
a = p.parse_args()


def blas_library():
    """The BLAS that libblas.so.3 resolves to: PyTorch from Debian uses whichever it is."""
    try:
        with open('/proc/self/maps') as f:
            libs = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
        return 'openblas' if any('openblas' in l for l in libs) else ('reference' if libs else 'unknown')
    except OSError:
        return 'unknown'


BLAS = blas_library()
if BLAS == 'reference':
    print('warning: PyTorch runs on the reference BLAS, about 20x slower than with OpenBLAS; '
          'apt-get install libopenblas0-pthread for a fair comparison', file=sys.stderr)
torch.set_num_threads(a.threads)
torch.manual_seed(a.seed)


def idx(name):
    path = os.path.join(a.data, name)
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rb') as f:
        data = f.read()
    nd = data[3]
    dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(nd)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def find(prefix):
    for suffix in ('.gz', ''):
        if os.path.exists(os.path.join(a.data, prefix + suffix)):
            return prefix + suffix
    raise SystemExit(f'{a.data} has no {prefix}')


Xtr = idx(find('train-images-idx3-ubyte')).reshape(-1, 784).astype(np.float32)
ytr = idx(find('train-labels-idx1-ubyte')).astype(np.int64)
Xte = idx(find('t10k-images-idx3-ubyte')).reshape(-1, 784).astype(np.float32)
yte = idx(find('t10k-labels-idx1-ubyte')).astype(np.int64)
if a.limit:
    Xtr, ytr = Xtr[:a.limit], ytr[:a.limit]
if a.norm == 'zero-one':
    Xtr, Xte = Xtr / 255, Xte / 255
elif a.norm == 'minus-one-one':
    Xtr, Xte = Xtr / 127.5 - 1, Xte / 127.5 - 1
elif a.norm == 'zscore':
    m, s = Xtr.mean(), Xtr.std()
    Xtr, Xte = (Xtr - m) / s, (Xte - m) / s
Xtr, ytr, Xte, yte = map(torch.from_numpy, (Xtr, ytr, Xte, yte))

layers, prev = [], 784
for h in [int(v) for v in a.hidden.split(',') if v]:
    layers += [torch.nn.Linear(prev, h), torch.nn.ReLU()]
    prev = h
layers.append(torch.nn.Linear(prev, 10))
model = torch.nn.Sequential(*layers)
opt = torch.optim.SGD(model.parameters(), lr=a.lr)
lossf = torch.nn.CrossEntropyLoss()


def accuracy(X, y):
    with torch.no_grad():
        return (model(X).argmax(1) == y).float().mean().item()


train_s = 0.0
for ep in range(a.epochs):
    perm = torch.randperm(len(Xtr))
    t0 = time.perf_counter()
    for i in range(0, len(Xtr), a.bs):
        b = perm[i:i + a.bs]
        opt.zero_grad()
        loss = lossf(model(Xtr[b]), ytr[b])
        loss.backward()
        opt.step()
    train_s += time.perf_counter() - t0
    print(json.dumps({'epoch': ep + 1, 'train_acc': accuracy(Xtr, ytr), 'test_acc': accuracy(Xte, yte)}), flush=True)
print(json.dumps({'done': True, 'train_acc': accuracy(Xtr, ytr), 'test_acc': accuracy(Xte, yte),
                  'samples_per_s': a.epochs * len(Xtr) / train_s, 'seconds': train_s, 'torch': torch.__version__,
                  'blas': BLAS, 'threads': a.threads}), flush=True)
