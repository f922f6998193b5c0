"""Multi-task training with a shared backbone: the classification loss is backpropagated,
then the box-regression loss through the same backbone graph, which is already freed."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


class Detector(nn.Module):
    def __init__(self, classes: int = 4) -> None:
        super().__init__()
        self.backbone = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.AdaptiveAvgPool2d(2), nn.Flatten())
        self.cls_head = nn.Linear(32, classes)
        self.box_head = nn.Linear(32, 4)

    def forward(self, images: torch.Tensor):
        feats = self.backbone(images)
        return self.cls_head(feats), self.box_head(feats)


def train_step(model: Detector, optimizer, images, labels, boxes) -> None:
    optimizer.zero_grad()
    logits, pred_boxes = model(images)
    cls_loss = F.cross_entropy(logits, labels)
    box_loss = F.smooth_l1_loss(pred_boxes, boxes)
    cls_loss.backward()
    box_loss.backward()  # error: GL108
    optimizer.step()


if __name__ == "__main__":
    net = Detector().to(device)
    opt = torch.optim.SGD(net.parameters(), lr=0.01)
    imgs = torch.rand(2, 3, 8, 8, device=device)
    train_step(net, opt, imgs, torch.tensor([0, 3], device=device), torch.rand(2, 4, device=device))
