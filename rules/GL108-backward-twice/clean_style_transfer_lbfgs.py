"""Neural style transfer as in the PyTorch tutorial: the style and content targets come
from one forward pass before optimisation, detached, and each L-BFGS closure call
backpropagates through a fresh forward pass of the image."""
import torch
import torch.nn.functional as F
from torch import nn

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")


def gram_matrix(features: torch.Tensor) -> torch.Tensor:
    b, c, h, w = features.size()
    flat = features.view(b * c, h * w)
    return flat @ flat.t() / (b * c * h * w)


class ContentLoss(nn.Module):
    def __init__(self, target: torch.Tensor) -> None:
        super().__init__()
        self.target = target.detach()
        self.loss = torch.zeros(())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.loss = F.mse_loss(x, self.target)
        return x


class StyleLoss(nn.Module):
    def __init__(self, target_feature: torch.Tensor) -> None:
        super().__init__()
        self.target = gram_matrix(target_feature).detach()
        self.loss = torch.zeros(())

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        self.loss = F.mse_loss(gram_matrix(x), self.target)
        return x


def build_model(cnn: nn.Sequential, style_img: torch.Tensor, content_img: torch.Tensor):
    conv1, relu, conv2 = cnn
    content_loss = ContentLoss(conv1(content_img))
    style_loss = StyleLoss(conv2(relu(conv1(style_img))))
    return nn.Sequential(conv1, content_loss, relu, conv2, style_loss), content_loss, style_loss


def run_style_transfer(cnn, content_img, style_img, steps: int = 2, style_weight: float = 1e4) -> torch.Tensor:
    model, content_loss, style_loss = build_model(cnn, style_img, content_img)
    model.requires_grad_(False)
    input_img = content_img.clone().requires_grad_(True)
    optimizer = torch.optim.LBFGS([input_img], max_iter=3)

    def closure():
        with torch.no_grad():
            input_img.clamp_(0, 1)
        optimizer.zero_grad()
        model(input_img)
        loss = style_weight * style_loss.loss + content_loss.loss
        loss.backward()
        return loss

    for _ in range(steps):
        optimizer.step(closure)
    with torch.no_grad():
        input_img.clamp_(0, 1)
    return input_img


if __name__ == "__main__":
    features = nn.Sequential(nn.Conv2d(3, 4, 3, padding=1), nn.ReLU(), nn.Conv2d(4, 4, 3, padding=1)).to(device).eval()
    content, style = torch.rand(1, 3, 8, 8, device=device), torch.rand(1, 3, 8, 8, device=device)
    print(run_style_transfer(features, content, style).shape)
