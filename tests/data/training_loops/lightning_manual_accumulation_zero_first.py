"""Lightning manual optimization meant to accumulate N batches (the loss is divided by
N, the step waits for every N-th batch), but `opt.zero_grad()` runs at the top of
every training_step."""
import torch
import torch.nn.functional as F
from lightning.pytorch import LightningModule


class Classifier(LightningModule):
    def __init__(self, backbone: torch.nn.Module, accumulate: int = 4) -> None:
        super().__init__()
        self.backbone = backbone
        self.accumulate = accumulate
        self.automatic_optimization = False

    def training_step(self, batch, batch_idx):
        opt = self.optimizers()
        opt.zero_grad()  # error: GL113
        x, y = batch
        loss = F.cross_entropy(self.backbone(x), y) / self.accumulate
        self.manual_backward(loss)
        if (batch_idx + 1) % self.accumulate == 0:
            self.clip_gradients(opt, gradient_clip_val=1.0, gradient_clip_algorithm="norm")
            opt.step()
        self.log("train_loss", loss)

    def configure_optimizers(self):
        return torch.optim.SGD(self.parameters(), lr=0.1, momentum=0.9)
