"""The seq2seq tutorial's decoder loop: the loss of each decoding step is added to `loss`,
which is backpropagated once for the sentence."""
import torch
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class DecoderRNN(nn.Module):
    def __init__(self, hidden: int = 8, vocab: int = 15) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, hidden)
        self.gru = nn.GRU(hidden, hidden)
        self.out = nn.Linear(hidden, vocab)

    def forward(self, token: torch.Tensor, hidden: torch.Tensor):
        output, hidden = self.gru(torch.relu(self.embedding(token).view(1, 1, -1)), hidden)
        return torch.log_softmax(self.out(output[0]), dim=1), hidden


def train_sentence(decoder: DecoderRNN, target: torch.Tensor, optimizer, sos: int = 0) -> float:
    criterion = nn.NLLLoss()
    hidden = torch.zeros(1, 1, 8, device=device)
    decoder_input = torch.tensor([[sos]], device=device)
    optimizer.zero_grad()
    loss = 0
    for di in range(len(target)):
        decoder_output, hidden = decoder(decoder_input, hidden)
        loss += criterion(decoder_output, target[di : di + 1])
        decoder_input = target[di]  # teacher forcing
    loss.backward()
    optimizer.step()
    return loss.item() / len(target)


if __name__ == "__main__":
    dec = DecoderRNN().to(device)
    opt = torch.optim.SGD(dec.parameters(), lr=0.01)
    print(train_sentence(dec, torch.randint(1, 15, (5,), device=device), opt))
